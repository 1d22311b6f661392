namespace Ivr.Presence;

internal static class PresenceServiceCollectionExtensions
{
    public static IServiceCollection AddPresence(this IServiceCollection services)
    {
        services.AddSingleton<PresenceStore>();
        services.AddSingleton<PresenceSignal>();
        services.AddSingleton<PresenceBoard>();
        services.AddHostedService(provider => provider.GetRequiredService<PresenceBoard>());
        return services;
    }
}
