using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>What one rollup run did.</summary>
internal sealed record RollupRun(int Lines, int HoursWritten, long RecordsRead);

/// <summary>
/// Keeps hourly rollups up to date, run by a timer. Each line is read from its first unsettled hour to the start of
/// the current local hour in one range scan; every hour with calls gets its rollup (re)written. Hours whose calls all
/// have outcomes, or that ended longer than <see cref="AnalyticsOptions.SettleAfter"/> ago, become final and are
/// never read again, so over time each record is read about once.
/// </summary>
internal sealed partial class RollupJob(
    AnalyticsLines lines,
    HandoffHistory history,
    RollupStore rollups,
    IOptions<AnalyticsOptions> options,
    TimeProvider time,
    ILogger<RollupJob> logger)
{
    public async Task<RollupRun> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var all = await lines.ListAsync(cancellationToken);
        var hoursWritten = 0;
        var reads = new ReadCount();
        foreach (var line in all)
        {
            hoursWritten += await RollUpAsync(line, now, reads, cancellationToken);
        }

        LogRun(logger, all.Count, hoursWritten, reads.Records);
        return new RollupRun(all.Count, hoursWritten, reads.Records);
    }

    private async Task<int> RollUpAsync(AnalyticsLine line, DateTimeOffset now, ReadCount reads, CancellationToken cancellationToken)
    {
        var currentHour = LocalHours.HourOf(now, line.Zone);
        var state = line.Rollup;
        var from = state?.SettledUntil;
        if (from is null)
        {
            from = await history.FirstArrivalAsync(line.Number, cancellationToken) is { } first ? LocalHours.HourOf(first, line.Zone) : currentHour;
        }

        if (from >= currentHour)
        {
            if (state is null || state.TimeZone != line.Zone.Id)
            {
                await rollups.SaveStateAsync(new RollupState(line.Number, line.Zone.Id, currentHour, currentHour), cancellationToken);
            }

            return 0;
        }

        var hours = await CallStats.ByLocalHourAsync(history.ReadAsync(line.Number, from.Value, currentHour, reads, cancellationToken), line.Zone);
        await rollups.SaveAsync(line.Number, hours.Select(h => new HourRollup(line.Number, h.Key, h.Value)).ToList(), cancellationToken);

        // The first hour that may still change holds back the settled mark; everything before it is final.
        var settleBefore = now - options.Value.SettleAfter;
        var unsettled = hours.Where(h => h.Value.Undecided > 0 && h.Key.AddHours(1) > settleBefore).Select(h => (DateTimeOffset?)h.Key).FirstOrDefault();
        await rollups.SaveStateAsync(new RollupState(line.Number, line.Zone.Id, unsettled ?? currentHour, currentHour), cancellationToken);
        return hours.Count;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Rollup: {Lines} lines, {Hours} hours written from {Records} records.")]
    private static partial void LogRun(ILogger logger, int lines, int hours, long records);
}
