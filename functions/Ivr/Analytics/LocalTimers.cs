using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>
/// Runs the analytics timers in the process when there is no Functions host to do it (running locally, with
/// <c>Analytics__RunTimersInProcess=true</c>): rollups every five minutes, retention every day.
/// </summary>
internal sealed partial class LocalTimers(IServiceProvider services, IOptions<AnalyticsOptions> options, TimeProvider time, ILogger<LocalTimers> logger) : BackgroundService
{
    private static readonly TimeSpan RollupEvery = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunTimersInProcess)
        {
            return;
        }

        var nextRetention = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunAsync(AnalyticsTimers.Rollup, AnalyticsTimers.RunRollupAsync, stoppingToken);
            if (time.GetUtcNow() >= nextRetention)
            {
                await RunAsync(AnalyticsTimers.Retention, AnalyticsTimers.RunRetentionAsync, stoppingToken);
                nextRetention = time.GetUtcNow() + RetentionEvery;
            }

            await Task.Delay(RollupEvery, time, stoppingToken);
        }
    }

    private async Task RunAsync(string name, Func<IServiceProvider, CancellationToken, Task<string>> run, CancellationToken stoppingToken)
    {
        try
        {
            // Each job logs its own summary.
            await run(services, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, name);
        }
    }

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "{Timer} failed; it runs again on its next tick.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string timer);
}
