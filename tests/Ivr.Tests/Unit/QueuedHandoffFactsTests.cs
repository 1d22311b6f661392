using Azure.Data.Tables;
using Ivr.Handoffs;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Unit;

/// <summary>
/// The record of a caller who waited in a line's queue: its outcome, its wait and its queue wait, worked out by hand
/// from each story's instants, whatever order (and however often) the callbacks arrive, and its columns in storage.
/// </summary>
public sealed class QueuedHandoffFactsTests
{
    private const string Agent = "+31612345678";
    private const string Line = "+31201234567";
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string RecordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE00000000000000000000000000000000";

    /// <summary>The call reaches Ivr at 10:15:02.123 UTC.</summary>
    private static readonly DateTimeOffset Arrived = At(10, 15, 2, 123);

    private static readonly HandoffFacts Arrival = new() { ArrivedAt = Arrived, CallerHash = "3f1a9c", Route = "open" };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACallerTakenFromTheQueueIsAnsweredAndWaitedInItUntilThePersonTookThem(bool finalStatusMissing)
    {
        // Nobody is free: queued at 10:15:02.623; a person takes the caller at 10:16:02.623 and they talk till 10:19.
        // Twilio reports the queue's end (bridged) only when both have hung up.
        var record = EveryOrder.Merge(
        [
            Arrival,
            Queued(At(10, 15, 2, 623)),
            AnsweredFromQueue(At(10, 16, 2, 623)),
            QueueLeft(At(10, 19, 0, 0), "bridged"),
            .. finalStatusMissing ? Array.Empty<HandoffFacts>() : [Ended(At(10, 19, 0, 300), "completed")],
        ]);

        Assert.Equal("answered", record.Outcome);
        Assert.Equal(60_500, record.TimeToHumanMs);
        Assert.Equal(60_000, record.QueueWaitMs); // until the answer, not until the bridged call ended
        Assert.Null(record.WaitMs);
    }

    [Fact]
    public void ACallerRungThroughUnansweredAndThenTakenFromTheQueueIsAnswered()
    {
        // Nobody answers in 20 s (10:15:22.123); queued at 10:15:22.223; taken from the queue 30 s later.
        var record = EveryOrder.Merge(
            Arrival,
            DialEnded(At(10, 15, 22, 123), "no-answer"),
            Queued(At(10, 15, 22, 223)),
            AnsweredFromQueue(At(10, 15, 52, 223)),
            QueueLeft(At(10, 18, 0, 0), "bridged"),
            Ended(At(10, 18, 0, 200), "completed"));

        Assert.Equal("answered", record.Outcome);
        Assert.Equal(50_100, record.TimeToHumanMs);
        Assert.Equal(30_000, record.QueueWaitMs);
        Assert.Null(record.WaitMs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACallerWhoHangsUpInTheQueueIsAbandonedAndWaitedUntilTheHangUp(bool finalStatusMissing)
    {
        // Queued at 10:15:02.623; hangs up 45 s later, at 10:15:47.623.
        var record = EveryOrder.Merge(
        [
            Arrival,
            Queued(At(10, 15, 2, 623)),
            QueueLeft(At(10, 15, 47, 623), "hangup"),
            .. finalStatusMissing ? Array.Empty<HandoffFacts>() : [Ended(At(10, 15, 47, 700), "completed")],
        ]);

        Assert.Equal("abandoned", record.Outcome);
        Assert.Equal(45_000, record.QueueWaitMs);
        Assert.Equal(45_500, record.WaitMs);
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACallerRungThroughUnansweredWhoThenHangsUpInTheQueueIsAbandonedNotUnanswered()
    {
        // The dial said no-answer at 10:15:22.123, but the caller went on waiting in the queue and hung up at 10:16:22.223.
        var record = EveryOrder.Merge(
            Arrival,
            DialEnded(At(10, 15, 22, 123), "no-answer"),
            Queued(At(10, 15, 22, 223)),
            QueueLeft(At(10, 16, 22, 223), "hangup"),
            Ended(At(10, 16, 22, 300), "completed"));

        Assert.Equal("abandoned", record.Outcome);
        Assert.Equal(60_000, record.QueueWaitMs);
        Assert.Equal(80_100, record.WaitMs);
    }

    [Fact]
    public void AQueuedCallerWhoseQueueEndWasLostIsAbandonedWhenTheCallEnds()
    {
        var record = EveryOrder.Merge(Arrival, Queued(At(10, 15, 2, 623)), Ended(At(10, 15, 47, 700), "completed"));

        Assert.Equal("abandoned", record.Outcome);
        Assert.Equal(45_077, record.QueueWaitMs);
        Assert.Equal(45_577, record.WaitMs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACallerWhoLeavesTheQueueAtItsLimitWasNotAnsweredAndWaitedUntilLeavingIt(bool finalStatusMissing)
    {
        // Queued at 10:15:02.623; the line's limit (600 s) takes them out at 10:25:02.623; a goodbye ends the call at 10:25:09.
        var record = EveryOrder.Merge(
        [
            Arrival,
            Queued(At(10, 15, 2, 623)),
            QueueLeft(At(10, 25, 2, 623), "leave"),
            .. finalStatusMissing ? Array.Empty<HandoffFacts>() : [Ended(At(10, 25, 9, 0), "completed")],
        ]);

        Assert.Equal("no-answer", record.Outcome);
        Assert.Equal(600_000, record.QueueWaitMs);
        Assert.Equal(600_500, record.WaitMs); // not until the goodbye ended the call
        Assert.Null(record.TimeToHumanMs);
    }

    [Fact]
    public void ACallerRungThroughUnansweredWhoThenLeavesTheQueueAtItsLimitWaitedForBoth()
    {
        // Rung 20 s unanswered (10:15:22.123), queued at 10:15:22.223, out at the limit at 10:25:22.223.
        var record = EveryOrder.Merge(
            Arrival,
            DialEnded(At(10, 15, 22, 123), "no-answer"),
            Queued(At(10, 15, 22, 223)),
            QueueLeft(At(10, 25, 22, 223), "leave"),
            Ended(At(10, 25, 30, 0), "completed"));

        Assert.Equal("no-answer", record.Outcome);
        Assert.Equal(600_000, record.QueueWaitMs);
        Assert.Equal(620_100, record.WaitMs); // the ringing and the queue, not only the ringing
    }

    [Fact]
    public void ACallerWhoLeavesAMessageAfterTheQueuesLimitWaitedUntilLeavingTheQueue()
    {
        // Out of the queue at the limit (10:25:02.623), then a message recorded at 10:25:40.
        var record = EveryOrder.Merge(
            Arrival,
            Queued(At(10, 15, 2, 623)),
            QueueLeft(At(10, 25, 2, 623), "leave"),
            Voicemail(At(10, 25, 40, 0), RecordingUrl),
            Ended(At(10, 25, 41, 0), "completed"));

        Assert.Equal("voicemail", record.Outcome);
        Assert.Equal(600_000, record.QueueWaitMs);
        Assert.Equal(600_500, record.WaitMs); // the wait ends when the queue gives up, not when the message does
    }

    [Fact]
    public void ACallerBridgedFromTheQueueWhoseHandOffCallbackWasLostStillCountsAsAnswered()
    {
        // The queue's url (who took the caller) never arrived; Twilio's QueueResult says a person took them.
        var record = EveryOrder.Merge(
            Arrival,
            Queued(At(10, 15, 2, 623)),
            QueueLeft(At(10, 19, 0, 0), "bridged"),
            Ended(At(10, 19, 0, 300), "completed"));

        Assert.Equal("answered", record.Outcome);
        Assert.Null(record.WaitMs);
    }

    [Fact]
    public void ACallerStillWaitingInTheQueueIsInProgressWithNoWaitsYet()
    {
        var record = EveryOrder.Merge(Arrival, Queued(At(10, 15, 2, 623)));

        Assert.Equal("in-progress", record.Outcome);
        Assert.Null(record.QueueWaitMs);
        Assert.Null(record.WaitMs);
    }

    [Fact]
    public void ACallThatNeverWaitedInTheQueueHasNoQueueWait()
    {
        var record = EveryOrder.Merge(Arrival, DialEnded(At(10, 15, 22, 123), "no-answer"), Ended(At(10, 15, 23, 0), "completed"));

        Assert.Null(record.Queued);
        Assert.Null(record.QueueWaitMs);
        Assert.Equal(20_000, record.WaitMs);
    }

    [Fact]
    public void RepeatedQueueFactsKeepTheEarliestWhateverTheOrder()
    {
        var first = QueueLeft(At(10, 15, 47, 623), "hangup");
        var retried = QueueLeft(At(10, 15, 48, 0), "hangup");
        var sameInstant = QueueLeft(At(10, 15, 47, 623), "error");

        var record = EveryOrder.Merge(Arrival, Queued(At(10, 15, 2, 823)), Queued(At(10, 15, 2, 623)), retried, first, sameInstant);

        Assert.Equal(At(10, 15, 2, 623), record.Queued!.At);
        Assert.Equal(At(10, 15, 47, 623), record.QueueLeft!.At);
        Assert.Equal(45_000, record.QueueWaitMs);
    }

    [Fact]
    public void MergingAQueuedRecordWithItselfChangesNothing()
    {
        var full = Arrival
            .Merge(Queued(At(10, 15, 2, 623)))
            .Merge(AnsweredFromQueue(At(10, 16, 2, 623)))
            .Merge(QueueLeft(At(10, 19, 0, 0), "bridged"))
            .Merge(Ended(At(10, 19, 0, 300), "completed"));

        Assert.Equal(full, full.Merge(full));
        Assert.Equal(full, full.Merge(new HandoffFacts()));
        Assert.Equal(full, new HandoffFacts().Merge(full));
    }

    [Theory]
    [InlineData("bridged")]
    [InlineData("hangup")]
    [InlineData("leave")]
    [InlineData("queue-full")]
    [InlineData("error")]
    public void WithoutItsFreeTextAQueueResultTwilioSendsIsKept(string result)
    {
        var record = Arrival.Merge(Queued(At(10, 15, 2, 623))).Merge(QueueLeft(At(10, 15, 47, 623), result));

        var left = record.WithoutFreeText();

        Assert.Equal(result, left.QueueLeft!.Value);
        Assert.Equal((record.Outcome, record.QueueWaitMs, record.WaitMs), (left.Outcome, left.QueueWaitMs, left.WaitMs));
    }

    [Fact]
    public void WithoutItsFreeTextAQueueResultNobodyKnowsIsGoneAndTheWaitsStay()
    {
        var record = Arrival.Merge(Queued(At(10, 15, 2, 623))).Merge(QueueLeft(At(10, 25, 2, 623), new string('q', 40_000)));

        var left = record.WithoutFreeText();

        Assert.Equal("[refused by storage]", left.QueueLeft!.Value);
        Assert.Equal(record.QueueLeft!.At, left.QueueLeft.At);
        Assert.Equal(record.Queued, left.Queued);
        Assert.Equal((record.Outcome, record.QueueWaitMs, record.WaitMs), (left.Outcome, left.QueueWaitMs, left.WaitMs));
    }

    [Fact]
    public void AQueuedRecordRoundTripsThroughItsTableEntityWithItsQueueColumns()
    {
        var queuedAt = At(10, 15, 2, 623);
        var leftAt = At(10, 15, 47, 623);
        var facts = Arrival.Merge(Queued(queuedAt)).Merge(QueueLeft(leftAt, "hangup")).Merge(Ended(At(10, 15, 47, 700), "completed"));

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal(queuedAt, entity.GetDateTimeOffset("QueuedAt"));
        Assert.Equal(leftAt, entity.GetDateTimeOffset("QueueLeftAt"));
        Assert.Equal("hangup", entity.GetString("QueueResult"));
        Assert.Equal(45_000, entity.GetInt64("QueueWaitMs"));
        Assert.Equal("abandoned", entity.GetString("Outcome"));
        Assert.Equal(45_500, entity.GetInt64("WaitMs"));
        Assert.Equal(facts, HandoffEntityMap.ToFacts(entity));
    }

    [Fact]
    public void AnAnsweredQueuedRecordRoundTripsWithTheQueueAsItsGroup()
    {
        var facts = Arrival
            .Merge(Queued(At(10, 15, 2, 623)))
            .Merge(AnsweredFromQueue(At(10, 16, 2, 623)))
            .Merge(QueueLeft(At(10, 19, 0, 0), "bridged"));

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal(60_000, entity.GetInt64("QueueWaitMs"));
        Assert.Equal(HandoffFacts.QueueGroup, entity.GetString("AnsweredGroup"));
        Assert.Equal(facts, HandoffEntityMap.ToFacts(entity));
    }

    [Fact]
    public void ARecordThatWasNeverQueuedHasNoQueueColumns()
    {
        var facts = Arrival.Merge(DialEnded(At(10, 15, 22, 123), "no-answer")).Merge(Ended(At(10, 15, 23, 0), "completed"));

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.DoesNotContain(entity.Keys, column => column.StartsWith("Queue", StringComparison.Ordinal));
        Assert.Equal(facts, HandoffEntityMap.ToFacts(entity));
    }

    [Fact]
    public void AStillQueuedRecordRoundTripsWithOnlyWhenItWasQueued()
    {
        var facts = Arrival.Merge(Queued(At(10, 15, 2, 623)));

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal(["QueuedAt"], entity.Keys.Where(column => column.StartsWith("Queue", StringComparison.Ordinal)));
        Assert.Equal(facts, HandoffEntityMap.ToFacts(entity));
    }

    private static DateTimeOffset At(int hour, int minute, int second, int millisecond) =>
        new(2026, 11, 23, hour, minute, second, millisecond, TimeSpan.Zero);

    /// <summary>As the answer that puts a caller in the queue records it.</summary>
    private static HandoffFacts Queued(DateTimeOffset at) => new() { Queued = new Stamped(at, "queued") };

    /// <summary>As the queue's url on the caller's side records the person who took them.</summary>
    private static HandoffFacts AnsweredFromQueue(DateTimeOffset at) => new() { Answered = new Stamped(at, Agent, HandoffFacts.QueueGroup) };

    private static HandoffFacts QueueLeft(DateTimeOffset at, string result) => new() { QueueLeft = new Stamped(at, result) };

    private static HandoffFacts DialEnded(DateTimeOffset at, string status) => new() { DialEnded = new Stamped(at, status) };

    private static HandoffFacts Voicemail(DateTimeOffset at, string url) => new() { Voicemail = new Stamped(at, url) };

    private static HandoffFacts Ended(DateTimeOffset at, string status) => new() { Ended = new Stamped(at, status) };
}
