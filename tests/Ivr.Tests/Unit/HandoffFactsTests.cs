using Ivr.Handoffs;

namespace Ivr.Tests.Unit;

/// <summary>
/// Twilio's callbacks are independent HTTP requests: they arrive in any order and may be retried. Whatever the
/// order and however often each arrives, merging a call's facts must give one and the same record.
/// </summary>
public sealed class HandoffFactsTests
{
    private const string Agent = "+31612345678";
    private const string RecordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE00000000000000000000000000000000";

    /// <summary>The call reaches Ivr at 10:15:02.123 UTC.</summary>
    private static readonly DateTimeOffset Arrived = new(2026, 11, 23, 10, 15, 2, 123, TimeSpan.Zero);

    private static readonly HandoffFacts Arrival = new() { ArrivedAt = Arrived, CallerHash = "3f1a9c", Route = "people" };

    [Fact]
    public void AnAnsweredCallGivesTheSameRecordInEveryDeliveryOrder()
    {
        var answeredAt = At(10, 15, 6, 623); // 4.5 s after arrival
        var record = MergeInEveryOrder(
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
        var record = MergeInEveryOrder(Arrival, Ended(At(10, 15, 20, 873), "completed"));

        Assert.Equal("abandoned", record.Outcome);
        Assert.Equal(18_750, record.WaitMs); // 20.873 − 2.123 s
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACallerWhoHangsUpWhileRingingIsRecordedAsAbandonedUntilTheHangUp()
    {
        var record = MergeInEveryOrder(
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
        var record = MergeInEveryOrder(Arrival, DialEnded(At(10, 15, 20, 800), "canceled"));

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
        var record = MergeInEveryOrder(
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
        var record = MergeInEveryOrder(
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
        var record = MergeInEveryOrder(Arrival);

        Assert.Equal("in-progress", record.Outcome);
        Assert.Null(record.WaitMs);
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACallThatIsBeingAnsweredAlreadyCountsAsAnswered()
    {
        var record = MergeInEveryOrder(Arrival, Answered(At(10, 15, 12, 123), Agent));

        Assert.Equal("answered", record.Outcome);
        Assert.Equal(10_000, record.TimeToHumanMs);
    }

    [Fact]
    public void TheEarliestAnswerWinsWhateverTheOrder()
    {
        var first = Answered(At(10, 15, 6, 623), Agent);
        var retried = Answered(At(10, 15, 6, 999), "client:alice");

        var record = MergeInEveryOrder(Arrival, retried, first, Ended(At(10, 17, 0, 0), "completed"));

        Assert.Equal(first.Answered, record.Answered);
        Assert.Equal(4_500, record.TimeToHumanMs);
    }

    [Fact]
    public void AnswersAtTheSameInstantPickTheSameOneWhateverTheOrder()
    {
        var answeredAt = At(10, 15, 6, 623);

        var record = MergeInEveryOrder(Arrival, Answered(answeredAt, "client:bob"), Answered(answeredAt, "client:alice"));

        // Ties on time fall back to ordinal order of the value: "client:alice" < "client:bob".
        Assert.Equal(new Stamped(answeredAt, "client:alice"), record.Answered);
    }

    [Fact]
    public void TheLatestDialDecidesWhenACallIsDialledMoreThanOnce()
    {
        var record = MergeInEveryOrder(
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
        var record = MergeInEveryOrder(
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
        var record = MergeInEveryOrder(Arrival, Answered(At(10, 15, 1, 999), Agent));

        Assert.Equal(0, record.TimeToHumanMs);
    }

    [Fact]
    public void WaitIsNeverNegativeWhenTheEndIsStampedBeforeTheArrival()
    {
        var record = MergeInEveryOrder(Arrival, Ended(At(10, 15, 1, 999), "completed"));

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
    /// Merges the deltas in every order (left fold and right fold), with each delta delivered twice and with all
    /// delivered twice, checks each result equals the first, and returns it.
    /// </summary>
    private static HandoffFacts MergeInEveryOrder(params HandoffFacts[] deltas)
    {
        var expected = deltas.Aggregate(new HandoffFacts(), (record, delta) => record.Merge(delta));
        var deliveries = new List<HandoffFacts[]> { deltas };
        deliveries.AddRange(deltas.Select(d => deltas.Append(d).ToArray()));
        if (deltas.Length <= 4)
        {
            deliveries.Add([.. deltas, .. deltas]);
        }

        var orders = 0;
        foreach (var delivery in deliveries)
        {
            foreach (var order in Permutations(delivery))
            {
                Assert.Equal(expected, order.Aggregate(new HandoffFacts(), (record, delta) => record.Merge(delta)));
                Assert.Equal(expected, Enumerable.Reverse(order).Aggregate(new HandoffFacts(), (record, delta) => delta.Merge(record)));
                orders++;
            }
        }

        // n! orders of the deltas alone, (n + 1)! for each duplicated delta, and (2n)! for all duplicated.
        var n = deltas.Length;
        Assert.Equal(Factorial(n) + (n * Factorial(n + 1)) + (n <= 4 ? Factorial(2 * n) : 0), orders);
        return expected;
    }

    private static IEnumerable<HandoffFacts[]> Permutations(HandoffFacts[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Take(i).Concat(items.Skip(i + 1)).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    private static int Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    private static DateTimeOffset At(int hour, int minute, int second, int millisecond) =>
        new(2026, 11, 23, hour, minute, second, millisecond, TimeSpan.Zero);

    private static HandoffFacts Answered(DateTimeOffset at, string by) => new() { Answered = new Stamped(at, by) };

    private static HandoffFacts DialEnded(DateTimeOffset at, string status) => new() { DialEnded = new Stamped(at, status) };

    private static HandoffFacts Voicemail(DateTimeOffset at, string url) => new() { Voicemail = new Stamped(at, url) };

    private static HandoffFacts Ended(DateTimeOffset at, string status) => new() { Ended = new Stamped(at, status) };
}
