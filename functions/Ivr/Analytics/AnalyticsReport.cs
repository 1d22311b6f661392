using System.Globalization;

namespace Ivr.Analytics;

/// <summary>Durations (time to human, or abandon waits) in milliseconds: nearest-rank percentiles, read from 100 ms bins (1 s past a minute).</summary>
internal sealed record DurationSummary(long? P50Ms, long? P90Ms, long? P95Ms, long? MaxMs, long? MeanMs)
{
    public static DurationSummary Of(DurationHistogram histogram) => new(
        histogram.Percentile(50), histogram.Percentile(90), histogram.Percentile(95), histogram.IsEmpty ? null : histogram.MaxMs, histogram.MeanMs);
}

/// <summary>
/// Callers who waited in a line's queue: how many, how many arrived with nobody free, how many a person took from the
/// queue and how many hung up waiting, and how long they waited in it.
/// </summary>
internal sealed record QueueFigures(long Queued, long NobodyFree, long AnsweredFromQueue, long AbandonedInQueue, DurationSummary Wait)
{
    public static QueueFigures Of(CallStats stats) =>
        new(stats.Queued, stats.NobodyFree, stats.AnsweredFromQueue, stats.AbandonedInQueue, DurationSummary.Of(stats.QueueWait));
}

/// <summary>
/// Callers who asked to be called back: how many, how many a callback reached (with a person on the line), how many it
/// never reached after its last attempt or before it expired, and the time to callback: from the call's arrival to the
/// caller answering with the person on the line.
/// </summary>
internal sealed record CallbackFigures(long Requested, long Connected, long Failed, long Expired, DurationSummary TimeToCallback)
{
    public static CallbackFigures Of(CallStats stats) =>
        new(stats.CallbacksRequested, stats.CallbacksConnected, stats.CallbacksFailed, stats.CallbacksExpired, DurationSummary.Of(stats.TimeToCallback));
}

/// <summary>What a set of calls came to.</summary>
internal sealed record PeriodFigures(
    long Calls,
    long Answered,
    long Abandoned,
    long ShortAbandoned,
    long NoAnswer,
    long Busy,
    long Failed,
    long Voicemail,
    long Closed,
    long Undecided,
    long Offered,
    long AnsweredWithinServiceLevel,
    double? ServiceLevelPercent,
    double? AbandonedPercent,
    DurationSummary TimeToHuman,
    DurationSummary AbandonWait,
    QueueFigures Queue,
    CallbackFigures Callbacks)
{
    public static PeriodFigures Of(CallStats stats, int serviceLevelSeconds, int shortAbandonSeconds)
    {
        var shortAbandoned = stats.ShortAbandoned(shortAbandonSeconds);
        var offered = stats.Offered(shortAbandonSeconds);
        return new PeriodFigures(
            stats.Calls,
            stats.Answered,
            stats.Abandoned,
            shortAbandoned,
            stats.NoAnswer,
            stats.Busy,
            stats.Failed,
            stats.Voicemail,
            stats.Closed,
            stats.Undecided,
            offered,
            stats.AnsweredWithin(serviceLevelSeconds),
            stats.ServiceLevel(serviceLevelSeconds, shortAbandonSeconds),
            offered <= 0 ? null : Math.Round(100.0 * (stats.Abandoned - shortAbandoned) / offered, 2),
            DurationSummary.Of(stats.TimeToHuman),
            DurationSummary.Of(stats.AbandonWait),
            QueueFigures.Of(stats),
            CallbackFigures.Of(stats));
    }
}

/// <summary>The figures of one slice of the period: a local hour of the day (<c>00</c>–<c>23</c>) or a local date.</summary>
internal sealed record SliceFigures(string Slice, PeriodFigures Figures);

/// <summary>Calls answered for one ring group, or by one person.</summary>
internal sealed record AnswererFigures(string Name, long Answered, long AnsweredWithinServiceLevel, DurationSummary TimeToHuman);

/// <summary>Answered calls whose time to human was at most <see cref="UpToSeconds"/> (null: the rest).</summary>
internal sealed record DistributionBucket(int? UpToSeconds, long Answered);

/// <summary>
/// Table entities read to answer: rollups for rolled-up hours, records for the rest. <see cref="LateRecords"/> counts
/// the period's records written after their hour's figures were final, which the figures therefore miss.
/// </summary>
internal sealed record ReadCost(long RollupsRead, long RecordsRead, long LateRecords);

/// <summary>The analytics answer for a line (or all lines) over a period of local days.</summary>
internal sealed record AnalyticsReport(
    string? Line,
    IReadOnlyList<string> Lines,
    DateOnly From,
    DateOnly To,
    int ServiceLevelSeconds,
    int ShortAbandonSeconds,
    PeriodFigures Totals,
    IReadOnlyList<DistributionBucket> TimeToHumanDistribution,
    IReadOnlyList<SliceFigures> ByHourOfDay,
    IReadOnlyList<SliceFigures> ByDay,
    IReadOnlyList<AnswererFigures> ByRingGroup,
    IReadOnlyList<AnswererFigures> ByPerson,
    ReadCost Cost)
{
    /// <summary>Upper edges of the distribution's buckets, in seconds; answers after the last go in an open bucket.</summary>
    public static readonly int[] DistributionEdgesSeconds = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300];

    public static AnalyticsReport Build(string? line, AnalyticsQuestion question, IReadOnlyList<HourRollup> hours, ReadCount reads)
    {
        var sl = question.ServiceLevelSeconds;
        var shortAbandon = question.ShortAbandonSeconds;
        var total = CallStats.Sum(hours.Select(h => h.Stats));
        PeriodFigures Figures(CallStats stats) => PeriodFigures.Of(stats, sl, shortAbandon);

        // Each hour is sorted into its slices once, not scanned again for every day of the period.
        var hoursOfDay = hours.ToLookup(h => h.LocalHour.Hour);
        var hoursByDay = hours.ToLookup(h => LocalHours.DayOf(h.LocalHour));
        var byHourOfDay = Enumerable.Range(0, 24)
            .Select(hour => new SliceFigures(
                hour.ToString("00", CultureInfo.InvariantCulture),
                Figures(CallStats.Sum(hoursOfDay[hour].Select(h => h.Stats)))))
            .ToList();
        var byDay = Days(question)
            .Select(day => new SliceFigures(
                day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Figures(CallStats.Sum(hoursByDay[day].Select(h => h.Stats)))))
            .ToList();
        var counts = total.TimeToHuman.Regroup(DistributionEdgesSeconds.Select(s => s * 1000L).ToList());
        var distribution = counts
            .Select((count, i) => new DistributionBucket(i < DistributionEdgesSeconds.Length ? DistributionEdgesSeconds[i] : null, count))
            .ToList();

        return new AnalyticsReport(
            line,
            question.Lines.Select(l => l.Number).ToList(),
            question.From,
            question.To,
            sl,
            shortAbandon,
            Figures(total),
            distribution,
            byHourOfDay,
            byDay,
            Answerers(total.ByGroup, sl),
            Answerers(total.ByPerson, sl),
            new ReadCost(reads.Rollups, reads.Records, reads.Late));
    }

    public static IEnumerable<DateOnly> Days(AnalyticsQuestion question)
    {
        for (var day = question.From; day <= question.To; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static List<AnswererFigures> Answerers(SortedDictionary<string, DurationHistogram> answered, int sl) =>
        answered
            .Select(a => new AnswererFigures(a.Key, a.Value.Count, a.Value.CountAtMost(sl * 1000L), DurationSummary.Of(a.Value)))
            .OrderByDescending(a => a.Answered)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
}
