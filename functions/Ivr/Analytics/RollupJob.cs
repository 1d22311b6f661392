using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>What one rollup run did.</summary>
internal sealed record RollupRun(int Lines, int HoursWritten, long RecordsRead);

/// <summary>
/// Keeps hourly rollups up to date, run by a timer. Each run rolls up the hours that ended since the last run, and
/// reads again the hours rolled up before that are still open to change: only those with a record written since the
/// last run (storage's write time tells), so a record is read about once. An hour is final, and never read again,
/// <see cref="AnalyticsOptions.SettleAfter"/> after it ended (plus <see cref="FinalizeGrace"/>): a record written up to
/// then is in its rollup; one written later is counted as late (<see cref="LateRecords"/>).
/// </summary>
internal sealed partial class RollupJob(
    AnalyticsLines lines,
    HandoffHistory history,
    RollupStore rollups,
    IOptions<AnalyticsOptions> options,
    TimeProvider time,
    ILogger<RollupJob> logger)
{
    /// <summary>
    /// How long after its figures are final an hour is still read: a write that started in time (judged by the writer
    /// against <see cref="LateRecords.FinalAt"/>) reaches storage well within it, even after a retry.
    /// </summary>
    public static readonly TimeSpan FinalizeGrace = TimeSpan.FromMinutes(1);

    /// <summary>Storage's clock and this instance's may differ a little; changes are looked for from this much before the last run.</summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(1);

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

        var rolledUpTo = Clamp(state?.RolledUpTo ?? from.Value, from.Value, currentHour);
        var hoursWritten = 0;
        foreach (var (start, end) in await SpansToReadAsync(line, from.Value, rolledUpTo, currentHour, state?.ScannedAt, cancellationToken))
        {
            var hours = await CallStats.ByLocalHourAsync(history.ReadAsync(line.Number, start, end, reads, cancellationToken), line.Zone);
            await rollups.SaveAsync(line.Number, hours.Select(h => new HourRollup(line.Number, h.Key, h.Value)).ToList(), cancellationToken);
            hoursWritten += hours.Count;
        }

        // Hours that ended before this are final: their records can no longer be written in time.
        var settledUntil = Clamp(LocalHours.HourOf(now - options.Value.SettleAfter - FinalizeGrace, line.Zone), from.Value, currentHour);
        await rollups.SaveStateAsync(new RollupState(line.Number, line.Zone.Id, settledUntil, currentHour, now), cancellationToken);
        return hoursWritten;
    }

    /// <summary>
    /// The spans to read, in order: each open hour rolled up before with a record written since the last run (all of
    /// them when that run's time is unknown), then the hours that ended since.
    /// </summary>
    private async Task<List<(DateTimeOffset Start, DateTimeOffset End)>> SpansToReadAsync(
        AnalyticsLine line, DateTimeOffset from, DateTimeOffset rolledUpTo, DateTimeOffset currentHour, DateTimeOffset? scannedAt, CancellationToken cancellationToken)
    {
        var spans = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        if (rolledUpTo > from && scannedAt is null)
        {
            spans.Add((from, rolledUpTo));
        }
        else if (rolledUpTo > from)
        {
            var changed = await history.ChangedSinceAsync(line.Number, from, rolledUpTo, scannedAt!.Value - ClockMargin, cancellationToken);
            foreach (var hour in changed.Select(arrival => LocalHours.HourOf(arrival, line.Zone)).Distinct().Order())
            {
                Add(spans, hour, hour.AddHours(1));
            }
        }

        if (currentHour > rolledUpTo)
        {
            Add(spans, rolledUpTo, currentHour);
        }

        return spans;
    }

    /// <summary>Adds a span, joined to the last one when they touch, so consecutive hours are one range scan.</summary>
    private static void Add(List<(DateTimeOffset Start, DateTimeOffset End)> spans, DateTimeOffset start, DateTimeOffset end)
    {
        if (spans.Count > 0 && spans[^1].End == start)
        {
            spans[^1] = (spans[^1].Start, end);
        }
        else
        {
            spans.Add((start, end));
        }
    }

    private static DateTimeOffset Clamp(DateTimeOffset value, DateTimeOffset min, DateTimeOffset max) =>
        value < min ? min : value > max ? max : value;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Rollup: {Lines} lines, {Hours} hours written from {Records} records.")]
    private static partial void LogRun(ILogger logger, int lines, int hours, long records);
}
