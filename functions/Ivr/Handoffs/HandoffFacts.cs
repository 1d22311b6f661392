using Ivr.Storage;

namespace Ivr.Handoffs;

/// <summary>
/// What is known about one call's hand-off. Each webhook contributes a few facts; <see cref="Merge"/> is
/// commutative, associative and idempotent, so duplicated and reordered callbacks give the same record.
/// Outcome, time-to-human and wait are derived from the facts, never stored separately as truth.
/// </summary>
internal sealed record HandoffFacts
{
    /// <summary>The <see cref="Route"/> of a call that came in while the line was closed.</summary>
    public const string ClosedRoute = "closed";

    /// <summary>The group a caller answered from a line's queue is counted for.</summary>
    public const string QueueGroup = "(queue)";

    /// <summary>The group a caller reached by a callback is counted for.</summary>
    public const string CallbackGroup = "(callback)";

    /// <summary>Twilio's QueueResult values.</summary>
    private static readonly HashSet<string> KnownQueueResults = new(StringComparer.Ordinal)
    {
        "bridged", "bridging-in-process", "queue-full", "redirected", "leave", "hangup", "error", "system-error",
    };

    /// <summary>The result of a callback attempt that a machine answered.</summary>
    public const string MachineAnswered = "machine";

    /// <summary>Twilio's DialCallStatus and CallStatus values, with the dial's own <c>unknown</c>.</summary>
    private static readonly HashSet<string> KnownStatuses = new(StringComparer.Ordinal)
    {
        "completed", "answered", "busy", "no-answer", "failed", "canceled", "in-progress", "ringing", "queued", "unknown",
    };

    public DateTimeOffset? ArrivedAt { get; init; }

    /// <summary>HMAC of the caller's number; the number itself is never kept.</summary>
    public string? CallerHash { get; init; }

    /// <summary><c>open</c>, <c>closed</c> or <c>fallback</c>: how the incoming call was routed.</summary>
    public string? Route { get; init; }

    /// <summary>Who answered, and (as the detail) the ring group they answered for.</summary>
    public Stamped? Answered { get; init; }

    /// <summary>End of the dial, with Twilio's DialCallStatus.</summary>
    public Stamped? DialEnded { get; init; }

    /// <summary>A message was recorded, with its recording URL.</summary>
    public Stamped? Voicemail { get; init; }

    /// <summary>The call's final status callback, with its CallStatus.</summary>
    public Stamped? Ended { get; init; }

    /// <summary>The caller was put in the line's queue.</summary>
    public Stamped? Queued { get; init; }

    /// <summary>The caller left the queue, with Twilio's QueueResult (<c>bridged</c>, <c>hangup</c>, <c>leave</c> for the line's limit …).</summary>
    public Stamped? QueueLeft { get; init; }

    /// <summary>The caller pressed to be called back, keeping their place.</summary>
    public Stamped? CallbackRequested { get; init; }

    /// <summary>Each attempt to call the caller back that did not reach them.</summary>
    public CallbackAttempts? CallbackAttempts { get; init; }

    /// <summary>How the callback ended: <c>callback-connected</c>, <c>callback-failed</c> or <c>callback-expired</c>.</summary>
    public Stamped? CallbackEnded { get; init; }

    public HandoffFacts Merge(HandoffFacts other) => new()
    {
        ArrivedAt = Min(ArrivedAt, other.ArrivedAt),
        CallerHash = First(CallerHash, other.CallerHash),
        Route = First(Route, other.Route),
        Answered = Stamped.Earliest(Answered, other.Answered),
        // With several dials per call (overflow), the last one decides what happened.
        DialEnded = Stamped.Latest(DialEnded, other.DialEnded),
        Voicemail = Stamped.Earliest(Voicemail, other.Voicemail),
        Ended = Stamped.Earliest(Ended, other.Ended),
        Queued = Stamped.Earliest(Queued, other.Queued),
        QueueLeft = Stamped.Earliest(QueueLeft, other.QueueLeft),
        CallbackRequested = Stamped.Earliest(CallbackRequested, other.CallbackRequested),
        CallbackAttempts = CallbackAttempts.Merge(CallbackAttempts, other.CallbackAttempts),
        CallbackEnded = Stamped.Earliest(CallbackEnded, other.CallbackEnded),
    };

    /// <summary>
    /// These facts without the text callbacks reported (who answered, the group, the recording URL, a status the
    /// outcome does not know), each replaced by <see cref="StoredText.Refused"/>: what is left of a row storage keeps
    /// refusing. The moments, the arrival facts and so the outcome, time-to-human and wait stay as they are.
    /// </summary>
    public HandoffFacts WithoutFreeText() => this with
    {
        Answered = Answered is null ? null : new Stamped(Answered.At, StoredText.Refused, Answered.Detail is null ? null : StoredText.Refused),
        DialEnded = DialEnded is null || KnownStatuses.Contains(DialEnded.Value) ? DialEnded : DialEnded with { Value = StoredText.Refused },
        Voicemail = Voicemail is null ? null : Voicemail with { Value = StoredText.Refused },
        Ended = Ended is null || KnownStatuses.Contains(Ended.Value) ? Ended : Ended with { Value = StoredText.Refused },
        QueueLeft = QueueLeft is null || KnownQueueResults.Contains(QueueLeft.Value) ? QueueLeft : QueueLeft with { Value = StoredText.Refused },
        CallbackAttempts = CallbackAttempts?.Map(a => KnownStatuses.Contains(a.Value) || a.Value == MachineAnswered ? a : a with { Value = StoredText.Refused }),
    };

    public string Outcome
    {
        get
        {
            // Bridged from the queue with the moment of the hand-off lost: answered, when unknown.
            if (Answered is not null || DialEnded?.Value is "completed" or "answered" || QueueLeft?.Value == "bridged")
            {
                return HandoffOutcome.Answered;
            }

            // Whatever an unanswered caller did while the line was closed, the call counts as after hours.
            if (Route == ClosedRoute)
            {
                return HandoffOutcome.Closed;
            }

            if (Voicemail is not null)
            {
                return HandoffOutcome.Voicemail;
            }

            // A caller waiting for a callback is still on their way to a person; one the callbacks never reached was not answered.
            if (CallbackRequested is not null)
            {
                return CallbackEnded is null ? HandoffOutcome.InProgress : HandoffOutcome.NoAnswer;
            }

            // A caller who waited in the queue: whatever the dials before said, the queue decides.
            if (Queued is not null)
            {
                return QueueLeft?.Value switch
                {
                    "hangup" => HandoffOutcome.Abandoned,
                    null => Ended is not null ? HandoffOutcome.Abandoned : HandoffOutcome.InProgress,
                    _ => HandoffOutcome.NoAnswer,
                };
            }

            return DialEnded?.Value switch
            {
                "busy" => HandoffOutcome.Busy,
                "no-answer" => HandoffOutcome.NoAnswer,
                "failed" => HandoffOutcome.Failed,
                // The caller's hang-up cancels the ringing legs; a call that ended with no dial result was abandoned too.
                "canceled" => HandoffOutcome.Abandoned,
                _ => Ended is not null ? HandoffOutcome.Abandoned : HandoffOutcome.InProgress,
            };
        }
    }

    /// <summary>From the call reaching Ivr to a person answering.</summary>
    public long? TimeToHumanMs => Answered is not null ? Milliseconds(ArrivedAt, Answered.At) : null;

    /// <summary>How long a caller who never reached a person waited: until hanging up, or until the ringing stopped.</summary>
    public long? WaitMs => Outcome switch
    {
        // A caller who waited in the queue waited until they left it, whatever the dials before it said.
        _ when Queued is not null && Outcome is not HandoffOutcome.Answered and not HandoffOutcome.InProgress and not HandoffOutcome.Closed
            => Milliseconds(ArrivedAt, QueueLeft?.At ?? Voicemail?.At ?? Ended?.At),
        HandoffOutcome.Abandoned => Milliseconds(ArrivedAt, Ended?.At ?? DialEnded?.At),
        HandoffOutcome.NoAnswer or HandoffOutcome.Busy or HandoffOutcome.Failed or HandoffOutcome.Voicemail or HandoffOutcome.Closed
            => Milliseconds(ArrivedAt, DialEnded?.At ?? Voicemail?.At ?? Ended?.At),
        _ => null,
    };

    /// <summary>How long the caller was in the queue: until a person took them from it, or until they left it.</summary>
    public long? QueueWaitMs => Queued is null
        ? null
        : Milliseconds(Queued.At, Answered is { Detail: QueueGroup } ? Answered.At : QueueLeft?.At ?? Ended?.At);

    private static long? Milliseconds(DateTimeOffset? from, DateTimeOffset? to) =>
        from is null || to is null ? null : Math.Max(0, (long)(to.Value - from.Value).TotalMilliseconds);

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>Either value, the same one whichever order they come in.</summary>
    private static string? First(string? a, string? b) => a is null ? b : b is null ? a : string.CompareOrdinal(a, b) <= 0 ? a : b;
}

/// <summary>A moment and the value reported with it (who answered, a status, a URL), with an optional detail.</summary>
internal sealed record Stamped(DateTimeOffset At, string Value, string? Detail = null)
{
    public static Stamped? Earliest(Stamped? a, Stamped? b) => a is null ? b : b is null ? a : Compare(a, b) <= 0 ? a : b;

    public static Stamped? Latest(Stamped? a, Stamped? b) => a is null ? b : b is null ? a : Compare(a, b) >= 0 ? a : b;

    // Ties on time fall back to the value, so merging stays order-independent.
    private static int Compare(Stamped a, Stamped b)
    {
        var byTime = a.At.CompareTo(b.At);
        if (byTime != 0)
        {
            return byTime;
        }

        var byValue = string.CompareOrdinal(a.Value, b.Value);
        return byValue != 0 ? byValue : string.CompareOrdinal(a.Detail, b.Detail);
    }
}
