using Ivr.Handoffs;

namespace Ivr.Analytics;

/// <summary>
/// What a set of calls adds up to: counts by outcome and histograms of the waits. Stats of disjoint sets add up
/// exactly, so an hour's rollup, a day and a quarter are all the same thing at different sizes.
/// </summary>
internal sealed class CallStats
{
    public long Answered { get; set; }

    public long Abandoned { get; set; }

    public long NoAnswer { get; set; }

    public long Busy { get; set; }

    public long Failed { get; set; }

    public long Voicemail { get; set; }

    public long Closed { get; set; }

    /// <summary>Calls with no outcome yet: still ringing, or their callbacks have not (all) arrived.</summary>
    public long Undecided { get; set; }

    public long Calls => Answered + Abandoned + NoAnswer + Busy + Failed + Voicemail + Closed + Undecided;

    /// <summary>From arrival to a person answering, for answered calls.</summary>
    public DurationHistogram TimeToHuman { get; init; } = new();

    /// <summary>How long callers who hung up while it rang had waited.</summary>
    public DurationHistogram AbandonWait { get; init; } = new();

    /// <summary>Calls that waited in a line's queue.</summary>
    public long Queued { get; set; }

    /// <summary>Of those, the ones that arrived with nobody on the line free, and so never rang anyone first.</summary>
    public long NobodyFree { get; set; }

    /// <summary>Queued calls a person took from the queue.</summary>
    public long AnsweredFromQueue { get; set; }

    /// <summary>Queued calls whose caller hung up while waiting.</summary>
    public long AbandonedInQueue { get; set; }

    /// <summary>How long queued callers waited in the queue: until a person took them, or until they left it.</summary>
    public DurationHistogram QueueWait { get; init; } = new();

    /// <summary>Calls whose caller asked to be called back.</summary>
    public long CallbacksRequested { get; set; }

    public long CallbacksConnected { get; set; }

    /// <summary>Callbacks that ended after their last attempt without reaching the caller.</summary>
    public long CallbacksFailed { get; set; }

    /// <summary>Callbacks whose time ran out before their turn brought them through.</summary>
    public long CallbacksExpired { get; set; }

    /// <summary>From arrival to the caller answering a callback with the person on the line.</summary>
    public DurationHistogram TimeToCallback { get; init; } = new();

    /// <summary>Time to human per ring group answered for.</summary>
    public SortedDictionary<string, DurationHistogram> ByGroup { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Time to human per person (the number or client that answered).</summary>
    public SortedDictionary<string, DurationHistogram> ByPerson { get; init; } = new(StringComparer.Ordinal);

    public static CallStats Of(IEnumerable<HandoffFacts> calls)
    {
        var stats = new CallStats();
        foreach (var call in calls)
        {
            stats.Add(call);
        }

        return stats;
    }

    /// <summary>Records added up per local hour of arrival.</summary>
    public static async Task<SortedDictionary<DateTimeOffset, CallStats>> ByLocalHourAsync(
        IAsyncEnumerable<(HandoffKey Key, HandoffFacts Facts)> records, TimeZoneInfo zone)
    {
        var hours = new SortedDictionary<DateTimeOffset, CallStats>();
        await foreach (var (key, facts) in records)
        {
            var hour = LocalHours.HourOf(key.ArrivedAt, zone);
            if (!hours.TryGetValue(hour, out var stats))
            {
                stats = new CallStats();
                hours[hour] = stats;
            }

            stats.Add(facts);
        }

        return hours;
    }

    public void Add(HandoffFacts call)
    {
        if (call.Queued is not null)
        {
            AddQueued(call);
        }

        if (call.CallbackRequested is not null)
        {
            AddCallback(call);
        }

        switch (call.Outcome)
        {
            case HandoffOutcome.Answered:
                Answered++;
                // Answered by the dial's own report, with the answered callback lost: when is unknown, so the call
                // counts as answered but neither in the time-to-human histograms nor within the service level.
                if (call.TimeToHumanMs is { } timeToHuman)
                {
                    TimeToHuman.Add(timeToHuman);
                    Histogram(ByGroup, call.Answered?.Detail ?? "(unknown)").Add(timeToHuman);
                    Histogram(ByPerson, call.Answered?.Value ?? "unknown").Add(timeToHuman);
                }

                break;
            case HandoffOutcome.Abandoned:
                Abandoned++;
                AbandonWait.Add(call.WaitMs ?? 0);
                break;
            case HandoffOutcome.NoAnswer:
                NoAnswer++;
                break;
            case HandoffOutcome.Busy:
                Busy++;
                break;
            case HandoffOutcome.Failed:
                Failed++;
                break;
            case HandoffOutcome.Voicemail:
                Voicemail++;
                break;
            case HandoffOutcome.Closed:
                Closed++;
                break;
            default:
                Undecided++;
                break;
        }
    }

    private void AddQueued(HandoffFacts call)
    {
        Queued++;
        NobodyFree += call.DialEnded is null ? 1 : 0;
        AnsweredFromQueue += call.Answered is { Detail: HandoffFacts.QueueGroup } ? 1 : 0;
        AbandonedInQueue += call.Outcome == HandoffOutcome.Abandoned ? 1 : 0;
        if (call.QueueWaitMs is { } wait)
        {
            QueueWait.Add(wait);
        }
    }

    private void AddCallback(HandoffFacts call)
    {
        CallbacksRequested++;
        switch (call.CallbackEnded?.Value)
        {
            case CallbackEnd.Connected:
                CallbacksConnected++;
                if (call.Answered is { Detail: HandoffFacts.CallbackGroup } && call.TimeToHumanMs is { } toCallback)
                {
                    TimeToCallback.Add(toCallback);
                }

                break;
            case CallbackEnd.Failed:
                CallbacksFailed++;
                break;
            case CallbackEnd.Expired:
                CallbacksExpired++;
                break;
        }
    }

    public void Add(CallStats other)
    {
        Answered += other.Answered;
        Abandoned += other.Abandoned;
        NoAnswer += other.NoAnswer;
        Busy += other.Busy;
        Failed += other.Failed;
        Voicemail += other.Voicemail;
        Closed += other.Closed;
        Undecided += other.Undecided;
        Queued += other.Queued;
        NobodyFree += other.NobodyFree;
        AnsweredFromQueue += other.AnsweredFromQueue;
        AbandonedInQueue += other.AbandonedInQueue;
        QueueWait.Add(other.QueueWait);
        CallbacksRequested += other.CallbacksRequested;
        CallbacksConnected += other.CallbacksConnected;
        CallbacksFailed += other.CallbacksFailed;
        CallbacksExpired += other.CallbacksExpired;
        TimeToCallback.Add(other.TimeToCallback);
        TimeToHuman.Add(other.TimeToHuman);
        AbandonWait.Add(other.AbandonWait);
        foreach (var (group, histogram) in other.ByGroup)
        {
            Histogram(ByGroup, group).Add(histogram);
        }

        foreach (var (person, histogram) in other.ByPerson)
        {
            Histogram(ByPerson, person).Add(histogram);
        }
    }

    public static CallStats Sum(IEnumerable<CallStats> parts)
    {
        var total = new CallStats();
        foreach (var part in parts)
        {
            total.Add(part);
        }

        return total;
    }

    /// <summary>Abandons within the cutoff: callers who hung up almost at once (a misdial, say).</summary>
    public long ShortAbandoned(int cutoffSeconds) => AbandonWait.CountAtMost(cutoffSeconds * 1000L);

    /// <summary>
    /// Calls that could have been answered by a person: every call except those while closed, those still undecided
    /// and short abandons. This is the service level's denominator.
    /// </summary>
    public long Offered(int shortAbandonSeconds) => Calls - Closed - Undecided - ShortAbandoned(shortAbandonSeconds);

    public long AnsweredWithin(int seconds) => TimeToHuman.CountAtMost(seconds * 1000L);

    /// <summary>Percent of offered calls a person answered within <paramref name="seconds"/>; null with nothing offered.</summary>
    public double? ServiceLevel(int seconds, int shortAbandonSeconds)
    {
        var offered = Offered(shortAbandonSeconds);
        return offered <= 0 ? null : Math.Round(100.0 * AnsweredWithin(seconds) / offered, 2);
    }

    private static DurationHistogram Histogram(SortedDictionary<string, DurationHistogram> map, string name)
    {
        if (!map.TryGetValue(name, out var histogram))
        {
            histogram = new DurationHistogram();
            map[name] = histogram;
        }

        return histogram;
    }
}
