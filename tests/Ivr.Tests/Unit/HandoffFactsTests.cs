using Azure.Data.Tables;
using Ivr.Handoffs;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Unit;

/// <summary>
/// Twilio's callbacks are independent HTTP requests: they arrive in any order and may be retried. Whatever the
/// order and however often each arrives, merging a call's facts must give one and the same record.
/// </summary>
public sealed class HandoffFactsTests
{
    private const string Agent = "+31612345678";
    private const string ForwardNumber = "+31687654321";
    private const string Line = "+31201234567";
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string RecordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE00000000000000000000000000000000";

    /// <summary>The call reaches Ivr at 10:15:02.123 UTC.</summary>
    private static readonly DateTimeOffset Arrived = new(2026, 11, 23, 10, 15, 2, 123, TimeSpan.Zero);

    private static readonly HandoffFacts Arrival = new() { ArrivedAt = Arrived, CallerHash = "3f1a9c", Route = "people" };

    [Fact]
    public void AnAnsweredCallGivesTheSameRecordInEveryDeliveryOrder()
    {
        var answeredAt = At(10, 15, 6, 623); // 4.5 s after arrival
        var record = EveryOrder.Merge(
            Arrival,
            Answered(answeredAt, Agent),
            DialEnded(At(10, 17, 30, 0), "completed"),
            Ended(At(10, 17, 30, 500), "completed"));

        Assert.Equal(Arrived, record.ArrivedAt);
        Assert.Equal("3f1a9c", record.CallerHash);
        Assert.Equal("people", record.Route);
        Assert.Equal(new Stamped(answeredAt, Agent), record.Answered);
        Assert.Equal("answered", record.Outcome);
        Assert.Equal(4_500, record.TimeToHumanMs);
        Assert.Null(record.WaitMs);
    }

    [Fact]
    public void ACallerWhoHangsUpBeforeAnyDialResultIsRecordedAsAbandoned()
    {
        var record = EveryOrder.Merge(Arrival, Ended(At(10, 15, 20, 873), "completed"));

        Assert.Equal("abandoned", record.Outcome);
        Assert.Equal(18_750, record.WaitMs); // 20.873 − 2.123 s
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACallerWhoHangsUpWhileRingingIsRecordedAsAbandonedUntilTheHangUp()
    {
        var record = EveryOrder.Merge(
            Arrival,
            DialEnded(At(10, 15, 20, 800), "canceled"),
            Ended(At(10, 15, 20, 873), "completed"));

        Assert.Equal("abandoned", record.Outcome);
        Assert.Equal(18_750, record.WaitMs); // until the hang-up at 20.873, not the dial's end at 20.800
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACanceledDialWithoutTheFinalStatusYetWaitsUntilTheDialEnded()
    {
        var record = EveryOrder.Merge(Arrival, DialEnded(At(10, 15, 20, 800), "canceled"));

        Assert.Equal("abandoned", record.Outcome);
        Assert.Equal(18_677, record.WaitMs); // 20.800 − 2.123 s
    }

    [Theory]
    [InlineData("no-answer", 10, 15, 22, 123, 20_000)]
    [InlineData("busy", 10, 15, 3, 623, 1_500)]
    [InlineData("failed", 10, 15, 2, 623, 500)]
    public void ADialNobodyTookIsRecordedWithItsStatusAndTheWaitUntilTheRingingStopped(
        string dialStatus, int hour, int minute, int second, int millisecond, long waitMs)
    {
        var record = EveryOrder.Merge(
            Arrival,
            DialEnded(At(hour, minute, second, millisecond), dialStatus),
            Ended(At(10, 15, 40, 0), "completed"));

        Assert.Equal(dialStatus, record.Outcome);
        Assert.Equal(waitMs, record.WaitMs);
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACallerWhoLeavesAMessageIsRecordedAsVoicemail()
    {
        var voicemailAt = At(10, 15, 50, 0);
        var record = EveryOrder.Merge(
            Arrival,
            DialEnded(At(10, 15, 22, 123), "no-answer"),
            Voicemail(voicemailAt, RecordingUrl),
            Ended(At(10, 15, 51, 0), "completed"));

        Assert.Equal("voicemail", record.Outcome);
        Assert.Equal(new Stamped(voicemailAt, RecordingUrl), record.Voicemail);
        Assert.Equal(20_000, record.WaitMs); // the wait ends when the ringing stops, not when the message does
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACallThatOnlyArrivedIsInProgress()
    {
        var record = EveryOrder.Merge(Arrival);

        Assert.Equal("in-progress", record.Outcome);
        Assert.Null(record.WaitMs);
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACallThatIsBeingAnsweredAlreadyCountsAsAnswered()
    {
        var record = EveryOrder.Merge(Arrival, Answered(At(10, 15, 12, 123), Agent));

        Assert.Equal("answered", record.Outcome);
        Assert.Equal(10_000, record.TimeToHumanMs);
    }

    [Fact]
    public void TheEarliestAnswerWinsWhateverTheOrder()
    {
        var first = Answered(At(10, 15, 6, 623), Agent);
        var retried = Answered(At(10, 15, 6, 999), "client:alice");

        var record = EveryOrder.Merge(Arrival, retried, first, Ended(At(10, 17, 0, 0), "completed"));

        Assert.Equal(first.Answered, record.Answered);
        Assert.Equal(4_500, record.TimeToHumanMs);
    }

    [Fact]
    public void AnswersAtTheSameInstantPickTheSameOneWhateverTheOrder()
    {
        var answeredAt = At(10, 15, 6, 623);

        var record = EveryOrder.Merge(Arrival, Answered(answeredAt, "client:bob"), Answered(answeredAt, "client:alice"));

        // Ties on time fall back to ordinal order of the value: "client:alice" < "client:bob".
        Assert.Equal(new Stamped(answeredAt, "client:alice"), record.Answered);
    }

    [Fact]
    public void TheLatestDialDecidesWhenACallIsDialledMoreThanOnce()
    {
        var record = EveryOrder.Merge(
            Arrival,
            DialEnded(At(10, 15, 22, 123), "no-answer"),
            DialEnded(At(10, 15, 30, 123), "busy"),
            Ended(At(10, 15, 31, 0), "completed"));

        Assert.Equal(new Stamped(At(10, 15, 30, 123), "busy"), record.DialEnded);
        Assert.Equal("busy", record.Outcome);
        Assert.Equal(28_000, record.WaitMs);
    }

    [Fact]
    public void TheEarliestArrivalAndTheOrdinallyFirstCallerHashAreKept()
    {
        var record = EveryOrder.Merge(
            Arrival,
            new HandoffFacts { ArrivedAt = Arrived.AddMilliseconds(250), CallerHash = "ffffff", Route = "fallback" });

        Assert.Equal(Arrived, record.ArrivedAt);
        Assert.Equal("3f1a9c", record.CallerHash);
        Assert.Equal("fallback", record.Route); // "fallback" < "people"
    }

    [Fact]
    public void TimeToHumanIsNeverNegativeWhenTheAnswerIsStampedBeforeTheArrival()
    {
        // Twilio's whole-second Timestamp + 999 ms can still fall before our own arrival instant.
        var record = EveryOrder.Merge(Arrival, Answered(At(10, 15, 1, 999), Agent));

        Assert.Equal(0, record.TimeToHumanMs);
    }

    [Fact]
    public void WaitIsNeverNegativeWhenTheEndIsStampedBeforeTheArrival()
    {
        var record = EveryOrder.Merge(Arrival, Ended(At(10, 15, 1, 999), "completed"));

        Assert.Equal("abandoned", record.Outcome);
        Assert.Equal(0, record.WaitMs);
    }

    [Fact]
    public void MergingARecordWithItselfChangesNothing()
    {
        var full = Arrival
            .Merge(Answered(At(10, 15, 6, 623), Agent))
            .Merge(DialEnded(At(10, 17, 30, 0), "completed"))
            .Merge(Voicemail(At(10, 17, 31, 0), RecordingUrl))
            .Merge(Ended(At(10, 17, 32, 0), "completed"));

        Assert.Equal(full, full.Merge(full));
        Assert.Equal(full, full.Merge(new HandoffFacts()));
        Assert.Equal(full, new HandoffFacts().Merge(full));
    }

    /// <summary>
    /// Reconciliation: a realistic call's callbacks, delivered in every order and each also twice, give one record
    /// with the facts, outcome and durations worked out by hand from the story's instants, and one table entity.
    /// With <paramref name="finalStatusMissing"/> the call's final status callback never arrives.
    /// </summary>
    [Theory]
    [InlineData("answered", false)]
    [InlineData("answered", true)]
    [InlineData("answered after overflow", false)]
    [InlineData("answered after overflow", true)]
    [InlineData("abandoned while ringing", false)]
    [InlineData("abandoned while ringing", true)]
    [InlineData("no answer", false)]
    [InlineData("no answer", true)]
    [InlineData("no answer then voicemail", false)]
    [InlineData("no answer then voicemail", true)]
    [InlineData("busy", false)]
    [InlineData("busy", true)]
    [InlineData("failed", false)]
    [InlineData("failed", true)]
    [InlineData("closed with voicemail", false)]
    [InlineData("closed with voicemail", true)]
    [InlineData("closed forwarded and answered", false)]
    [InlineData("closed forwarded and answered", true)]
    public void EveryDeliveryOfACallsCallbacksReconcilesToOneRecordAndOneEntity(string story, bool finalStatusMissing)
    {
        var (callbacks, final, expected, outcome, timeToHumanMs, waitMs) = Story(story, finalStatusMissing);
        if (!finalStatusMissing)
        {
            callbacks = [.. callbacks, final];
            expected = expected with { Ended = final.Ended };
        }

        var key = new HandoffKey(Line, Arrived, CallSid);
        var expectedEntity = HandoffEntityMap.ToEntity(key, expected);
        var entities = 0;

        var record = EveryOrder.Merge(callbacks, merged =>
        {
            AssertSameEntity(expectedEntity, HandoffEntityMap.ToEntity(key, merged));
            entities++;
        });

        Assert.True(entities > callbacks.Length, "every order was checked");
        AssertSameFacts(expected, record);
        Assert.Equal(outcome, record.Outcome);
        Assert.Equal(timeToHumanMs, record.TimeToHumanMs);
        Assert.Equal(waitMs, record.WaitMs);
        Assert.Equal(outcome, expectedEntity.GetString("Outcome"));
        Assert.Equal(timeToHumanMs, expectedEntity.GetInt64("TimeToHumanMs"));
        Assert.Equal(waitMs, expectedEntity.GetInt64("WaitMs"));
        Assert.Equal(expected.Answered?.Detail, expectedEntity.GetString("AnsweredGroup"));
        Assert.Equal(finalStatusMissing ? null : (DateTimeOffset?)final.Ended!.At, expectedEntity.GetDateTimeOffset("EndedAt"));
        AssertSameFacts(expected, HandoffEntityMap.ToFacts(expectedEntity));
    }

    /// <summary>
    /// What is left of a row storage keeps refusing: every story keeps its moments, arrival facts, outcome and
    /// durations, and loses only the text callbacks reported (a status the outcome knows is not free text).
    /// </summary>
    [Theory]
    [InlineData("answered")]
    [InlineData("answered after overflow")]
    [InlineData("abandoned while ringing")]
    [InlineData("no answer")]
    [InlineData("no answer then voicemail")]
    [InlineData("busy")]
    [InlineData("failed")]
    [InlineData("closed with voicemail")]
    [InlineData("closed forwarded and answered")]
    public void WithoutItsFreeTextARecordKeepsItsMomentsOutcomeAndDurations(string story)
    {
        var (_, final, expected, outcome, timeToHumanMs, waitMs) = Story(story, finalStatusMissing: false);
        var record = expected with { Ended = final.Ended };

        var left = record.WithoutFreeText();

        Assert.Equal((outcome, timeToHumanMs, waitMs), (left.Outcome, left.TimeToHumanMs, left.WaitMs));
        Assert.Equal((record.ArrivedAt, record.CallerHash, record.Route), (left.ArrivedAt, left.CallerHash, left.Route));
        Assert.Equal(
            new[] { record.Answered?.At, record.DialEnded?.At, record.Voicemail?.At, record.Ended?.At },
            new[] { left.Answered?.At, left.DialEnded?.At, left.Voicemail?.At, left.Ended?.At });
        Assert.Equal(record.DialEnded?.Value, left.DialEnded?.Value); // completed, no-answer, busy…: what the outcome rests on
        Assert.Equal(record.Ended?.Value, left.Ended?.Value);
        Assert.Equal(record.Answered is null ? null : "[refused by storage]", left.Answered?.Value);
        Assert.Equal(record.Answered?.Detail is null ? null : "[refused by storage]", left.Answered?.Detail);
        Assert.Equal(record.Voicemail is null ? null : "[refused by storage]", left.Voicemail?.Value);
    }

    [Fact]
    public void WithoutItsFreeTextAStatusNobodyKnowsIsGoneAndTheOutcomeStaysTheSame()
    {
        var odd = new string('s', 40_000);
        var record = Arrival
            .Merge(DialEnded(At(10, 15, 22, 123), odd))
            .Merge(Voicemail(At(10, 15, 40, 0), RecordingUrl))
            .Merge(Ended(At(10, 15, 41, 0), odd));

        var left = record.WithoutFreeText();

        Assert.Equal("voicemail", record.Outcome);
        Assert.Equal((record.Outcome, record.WaitMs), (left.Outcome, left.WaitMs));
        Assert.Equal("[refused by storage]", left.DialEnded!.Value);
        Assert.Equal("[refused by storage]", left.Ended!.Value);
        Assert.Equal("[refused by storage]", left.Voicemail!.Value);
    }

    /// <summary>
    /// A call's callbacks except the final status, that final status callback, the record they should make without
    /// it, and the outcome, time to human and wait the story has, worked out from its instants (arrival 10:15:02.123).
    /// </summary>
    private static (HandoffFacts[] Callbacks, HandoffFacts Final, HandoffFacts Expected, string Outcome, long? TimeToHumanMs, long? WaitMs) Story(
        string story, bool finalStatusMissing)
    {
        var open = new HandoffFacts { ArrivedAt = Arrived, CallerHash = "3f1a9c", Route = "open" };
        var closed = open with { Route = HandoffFacts.ClosedRoute };
        switch (story)
        {
            case "answered":
            {
                // The sales group rings; an agent picks up at 10:15:09.623, 7.5 s after arrival, and talks till 10:18.
                var answered = new Stamped(At(10, 15, 9, 623), Agent, "sales");
                var dialEnded = new Stamped(At(10, 18, 0, 0), "completed");
                return (
                    [open, new() { Answered = answered }, new() { DialEnded = dialEnded }],
                    Ended(At(10, 18, 0, 400), "completed"),
                    open with { Answered = answered, DialEnded = dialEnded },
                    "answered",
                    7_500,
                    null);
            }

            case "answered after overflow":
            {
                // Sales rings 20 s without an answer (dial ends 10:15:22.123); the overflow group's alice answers at
                // 10:15:31.123, 29 s after arrival. The later dial decides.
                var firstDial = new Stamped(At(10, 15, 22, 123), "no-answer");
                var answered = new Stamped(At(10, 15, 31, 123), "client:alice", "overflow");
                var secondDial = new Stamped(At(10, 19, 0, 0), "completed");
                return (
                    [open, new() { DialEnded = firstDial }, new() { Answered = answered }, new() { DialEnded = secondDial }],
                    Ended(At(10, 19, 0, 300), "completed"),
                    open with { Answered = answered, DialEnded = secondDial },
                    "answered",
                    29_000,
                    null);
            }

            case "abandoned while ringing":
            {
                // The caller hangs up at 10:15:14.073 (11.95 s); the ringing legs are canceled at 10:15:14.000,
                // which is 11.877 s: the wait runs to the hang-up when it is known, else to the canceled dial.
                var dialEnded = new Stamped(At(10, 15, 14, 0), "canceled");
                return (
                    [open, new() { DialEnded = dialEnded }],
                    Ended(At(10, 15, 14, 73), "completed"),
                    open with { DialEnded = dialEnded },
                    "abandoned",
                    null,
                    finalStatusMissing ? 11_877 : 11_950);
            }

            case "no answer":
            {
                // Nobody answers in 20 s (dial ends 10:15:22.123); the call then ends.
                var dialEnded = new Stamped(At(10, 15, 22, 123), "no-answer");
                return (
                    [open, new() { DialEnded = dialEnded }],
                    Ended(At(10, 15, 23, 0), "completed"),
                    open with { DialEnded = dialEnded },
                    "no-answer",
                    null,
                    20_000);
            }

            case "no answer then voicemail":
            {
                // Nobody answers in 30 s (10:15:32.123); the caller leaves a message recorded at 10:16:05.
                var dialEnded = new Stamped(At(10, 15, 32, 123), "no-answer");
                var voicemail = new Stamped(At(10, 16, 5, 0), RecordingUrl);
                return (
                    [open, new() { DialEnded = dialEnded }, new() { Voicemail = voicemail }],
                    Ended(At(10, 16, 6, 0), "completed"),
                    open with { DialEnded = dialEnded, Voicemail = voicemail },
                    "voicemail",
                    null,
                    30_000);
            }

            case "busy":
            {
                // The only agent is busy: the dial ends at 10:15:03.373, 1.25 s after arrival.
                var dialEnded = new Stamped(At(10, 15, 3, 373), "busy");
                return (
                    [open, new() { DialEnded = dialEnded }],
                    Ended(At(10, 15, 4, 0), "completed"),
                    open with { DialEnded = dialEnded },
                    "busy",
                    null,
                    1_250);
            }

            case "failed":
            {
                // The agent's number cannot be reached: the dial fails at 10:15:02.623, half a second in.
                var dialEnded = new Stamped(At(10, 15, 2, 623), "failed");
                return (
                    [open, new() { DialEnded = dialEnded }],
                    Ended(At(10, 15, 3, 100), "completed"),
                    open with { DialEnded = dialEnded },
                    "failed",
                    null,
                    500);
            }

            case "closed with voicemail":
            {
                // After hours nobody is dialled; the caller's message is recorded at 10:15:40.123, 38 s in.
                var voicemail = new Stamped(At(10, 15, 40, 123), RecordingUrl);
                return (
                    [closed, new() { Voicemail = voicemail }],
                    Ended(At(10, 15, 41, 0), "completed"),
                    closed with { Voicemail = voicemail },
                    "closed",
                    null,
                    38_000);
            }

            case "closed forwarded and answered":
            {
                // After hours the call is forwarded to the on-call number, which answers at 10:15:12.123 (10 s):
                // a person answered, so it counts as answered, not as closed.
                var answered = new Stamped(At(10, 15, 12, 123), ForwardNumber, "after-hours");
                var dialEnded = new Stamped(At(10, 20, 0, 0), "completed");
                return (
                    [closed, new() { Answered = answered }, new() { DialEnded = dialEnded }],
                    Ended(At(10, 20, 0, 500), "completed"),
                    closed with { Answered = answered, DialEnded = dialEnded },
                    "answered",
                    10_000,
                    null);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(story), story, null);
        }
    }

    /// <summary>Field by field, with instants compared with their offsets (record equality ignores offsets).</summary>
    private static void AssertSameFacts(HandoffFacts expected, HandoffFacts actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(Exact(expected.ArrivedAt), Exact(actual.ArrivedAt));
        Assert.Equal(Exact(expected.Answered?.At), Exact(actual.Answered?.At));
        Assert.Equal(Exact(expected.DialEnded?.At), Exact(actual.DialEnded?.At));
        Assert.Equal(Exact(expected.Voicemail?.At), Exact(actual.Voicemail?.At));
        Assert.Equal(Exact(expected.Ended?.At), Exact(actual.Ended?.At));
        Assert.Equal(expected.Outcome, actual.Outcome);
        Assert.Equal(expected.TimeToHumanMs, actual.TimeToHumanMs);
        Assert.Equal(expected.WaitMs, actual.WaitMs);
    }

    /// <summary>The same keys, and every property the same value (instants with the same offset too).</summary>
    private static void AssertSameEntity(TableEntity expected, TableEntity actual)
    {
        Assert.Equal(expected.PartitionKey, actual.PartitionKey);
        Assert.Equal(expected.RowKey, actual.RowKey);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in expected)
        {
            var other = actual[name];
            if (value is DateTimeOffset instant)
            {
                Assert.True(other is DateTimeOffset same && same.EqualsExact(instant), name);
            }
            else
            {
                Assert.Equal(value, other);
            }
        }
    }

    private static string? Exact(DateTimeOffset? instant) => instant?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset At(int hour, int minute, int second, int millisecond) =>
        new(2026, 11, 23, hour, minute, second, millisecond, TimeSpan.Zero);

    private static HandoffFacts Answered(DateTimeOffset at, string by) => new() { Answered = new Stamped(at, by) };

    private static HandoffFacts DialEnded(DateTimeOffset at, string status) => new() { DialEnded = new Stamped(at, status) };

    private static HandoffFacts Voicemail(DateTimeOffset at, string url) => new() { Voicemail = new Stamped(at, url) };

    private static HandoffFacts Ended(DateTimeOffset at, string status) => new() { Ended = new Stamped(at, status) };
}
