using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ivr.Handoffs;

internal static class HandoffServiceCollectionExtensions
{
    public static IServiceCollection AddHandoffRecording(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HandoffOptions>()
            .Bind(configuration.GetSection(HandoffOptions.Section))
            .Validate(o => o.BatchWindow >= TimeSpan.Zero && o.BatchWindow <= TimeSpan.FromMinutes(1), "Handoffs__BatchWindow must be between 00:00:00 and 00:01:00.")
            .ValidateOnStart();
        services.AddHandoffWritePipeline();
        services.AddSingleton<HandoffMetrics>();
        services.AddSingleton<HandoffDrops>();
        services.AddSingleton<HandoffQueue>();
        services.AddSingleton<HandoffStore>();
        services.TryAddSingleton<IRecordFigures, NoRecordFigures>();
        services.AddSingleton<HandoffWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<HandoffWriter>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(HandoffsJson.Default));
        return services;
    }
}
