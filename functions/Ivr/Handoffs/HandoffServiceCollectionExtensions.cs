namespace Ivr.Handoffs;

internal static class HandoffServiceCollectionExtensions
{
    public static IServiceCollection AddHandoffRecording(this IServiceCollection services)
    {
        services.AddHandoffWritePipeline();
        services.AddSingleton<HandoffQueue>();
        services.AddSingleton<HandoffStore>();
        services.AddSingleton<HandoffWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<HandoffWriter>());
        return services;
    }
}
