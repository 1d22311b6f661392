using System.Globalization;
using Ivr.Hosting;

namespace Ivr.Analytics;

/// <summary>The analytics timer functions: rollups every five minutes, retention once a day.</summary>
internal static class AnalyticsTimers
{
    public const string Rollup = "RollupHandoffs";
    public const string Retention = "PurgeHandoffs";

    public static IEndpointRouteBuilder MapAnalyticsTimers(this IEndpointRouteBuilder app)
    {
        app.MapTimerFunction(Rollup, RunRollupAsync);
        app.MapTimerFunction(Retention, RunRetentionAsync);
        return app;
    }

    public static async Task<string> RunRollupAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var run = await services.GetRequiredService<RollupJob>().RunAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"Rolled up {run.Lines} lines: {run.HoursWritten} hours written from {run.RecordsRead} records.");
    }

    public static async Task<string> RunRetentionAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var run = await services.GetRequiredService<RetentionJob>().RunAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"Deleted {run.RecordsDeleted} hand-off records of {run.Lines} lines that arrived before {run.Before.UtcDateTime:o}.");
    }
}
