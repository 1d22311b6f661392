namespace Ivr.Queue;

internal static class QueueServiceCollectionExtensions
{
    public static IServiceCollection AddCallQueues(this IServiceCollection services)
    {
        services.AddSingleton<WaitingStore>();
        services.AddSingleton<WaitingCallers>();
        services.AddHostedService(provider => provider.GetRequiredService<WaitingCallers>());
        services.AddSingleton<CallbackStore>();
        services.AddSingleton<PendingCallbacks>();
        services.AddSingleton<CallbackRecords>();
        services.AddSingleton<QueueDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<QueueDispatcher>());
        return services;
    }
}
