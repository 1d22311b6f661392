namespace Ivr.Voice;

/// <summary>Instants as Ivr records them: UTC, to the millisecond (the precision of row keys).</summary>
internal static class Moments
{
    /// <summary>The latest a callback is believed to arrive after its event (calls last 4 hours at most by default).</summary>
    public static readonly TimeSpan MaxDeliveryDelay = Handoffs.HandoffStore.LookupWindow;

    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>
    /// When a callback's event happened. Twilio's <c>Timestamp</c> has whole seconds, so the event fell within
    /// [Timestamp, Timestamp + 1 s); it also happened before we received it. A late or retried delivery is
    /// thus corrected, and a prompt one keeps our millisecond clock.
    /// </summary>
    public static DateTimeOffset EventTime(DateTimeOffset received, DateTimeOffset? twilioTimestamp)
    {
        // A timestamp from before the call could have been running is no evidence of lateness, only noise (or a
        // date table storage cannot even hold): keep our own clock.
        if (twilioTimestamp is null || twilioTimestamp < received - MaxDeliveryDelay)
        {
            return received;
        }

        var latestPossible = twilioTimestamp.Value.AddMilliseconds(999);
        return latestPossible < received ? latestPossible : received;
    }
}
