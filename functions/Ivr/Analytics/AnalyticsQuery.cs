namespace Ivr.Analytics;

/// <summary>A question an analyst asks: which lines, which local days, and the thresholds to judge by.</summary>
internal sealed record AnalyticsQuestion(
    IReadOnlyList<AnalyticsLine> Lines, DateOnly From, DateOnly To, int ServiceLevelSeconds, int ShortAbandonSeconds);

/// <summary>
/// Answers a question from rollups for every hour rolled up, and from the hand-off records themselves only after
/// that (the current hour, and whatever the timer has not reached yet). A 90-day question for a busy line reads
/// about 2 160 hourly rollups, however many calls there were.
/// </summary>
internal sealed class AnalyticsQuery(HandoffHistory history, RollupStore rollups)
{
    /// <summary>Every local hour with calls in the period, per line, in order.</summary>
    public async Task<IReadOnlyList<HourRollup>> HoursAsync(AnalyticsQuestion question, ReadCount reads, CancellationToken cancellationToken)
    {
        var hours = new List<HourRollup>();
        foreach (var line in question.Lines)
        {
            var (start, end) = Span(line, question);
            var rolledUpTo = line.Rollup?.RolledUpTo ?? start;
            var split = rolledUpTo < start ? start : rolledUpTo > end ? end : rolledUpTo;
            if (split > start)
            {
                hours.AddRange(await rollups.ReadAsync(line.Number, start, split, reads, cancellationToken));
                reads.LateRecords(await rollups.CountLateAsync(line.Number, start, split, cancellationToken));
            }

            if (end > split)
            {
                hours.AddRange(await LiveAsync(line, split, end, reads, cancellationToken));
            }
        }

        return hours;
    }

    /// <summary>The instants a question's local days span on a line: [first midnight, midnight after the last day).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Span(AnalyticsLine line, AnalyticsQuestion question) =>
        (LocalHours.StartOfDay(question.From, line.Zone), LocalHours.StartOfDay(question.To.AddDays(1), line.Zone));

    private async Task<IEnumerable<HourRollup>> LiveAsync(AnalyticsLine line, DateTimeOffset from, DateTimeOffset to, ReadCount reads, CancellationToken cancellationToken)
    {
        var hours = await CallStats.ByLocalHourAsync(history.ReadAsync(line.Number, from, to, reads, cancellationToken), line.Zone);
        return hours.Select(h => new HourRollup(line.Number, h.Key, h.Value));
    }
}
