using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>What one retention run deleted.</summary>
internal sealed record RetentionRun(int Lines, long RecordsDeleted, DateTimeOffset Before);

/// <summary>
/// Deletes hand-off records older than <see cref="AnalyticsOptions.RetentionDays"/>, run by a timer. Only records
/// already in final rollups go: the figures stay, the per-call detail does not.
/// </summary>
internal sealed partial class RetentionJob(
    AnalyticsLines lines,
    HandoffHistory history,
    IOptions<AnalyticsOptions> options,
    TimeProvider time,
    ILogger<RetentionJob> logger)
{
    public async Task<RetentionRun> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        var all = await lines.ListAsync(cancellationToken);
        long deleted = 0;
        foreach (var line in all)
        {
            // A line never rolled up keeps its records until the rollup has counted them.
            if (line.Rollup?.SettledUntil is { } until)
            {
                deleted += await history.DeleteBeforeAsync(line.Number, until < cutoff ? until : cutoff, cancellationToken);
            }
        }

        LogRun(logger, deleted, all.Count, cutoff);
        return new RetentionRun(all.Count, deleted, cutoff);
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Retention: deleted {Records} hand-off records of {Lines} lines that arrived before {Cutoff:o}.")]
    private static partial void LogRun(ILogger logger, long records, int lines, DateTimeOffset cutoff);
}
