using Ivr.Analytics;
using Ivr.Handoffs;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Unit;

/// <summary>
/// The record of a caller who asked for a callback: still on its way while the callback is pending, answered from the
/// call's arrival once it connects, not answered when it fails or expires; whatever order its facts arrive in; and
/// its columns in storage and in analytics.
/// </summary>
public sealed class CallbackHandoffFactsTests
{
    private const string Agent = "+31612345678";
    private const string Line = "+31201234567";
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";

    /// <summary>The call reaches Ivr at 10:00:00.000 UTC, and is queued at once.</summary>
    private static readonly DateTimeOffset Arrived = At(10, 0, 0);

    private static readonly HandoffFacts Arrival = new() { ArrivedAt = Arrived, CallerHash = "3f1a9c", Route = "open" };
    private static readonly HandoffFacts Queued = new() { Queued = new Stamped(Arrived, "queued") };
    private static readonly HandoffFacts Pressed = new() { CallbackRequested = new Stamped(At(10, 0, 40), "requested") };
    private static readonly HandoffFacts Left = new() { QueueLeft = new Stamped(At(10, 0, 41), "leave") };
    private static readonly HandoffFacts Ended = new() { Ended = new Stamped(At(10, 0, 45), "completed") };

    [Fact]
    public void ACallerWaitingForACallbackIsStillOnTheirWayToAPerson()
    {
        var record = EveryOrder.Merge(Arrival, Queued, Pressed, Left, Ended);

        Assert.Equal("in-progress", record.Outcome);
        Assert.Null(record.TimeToHumanMs);
        Assert.Equal(41_000, record.QueueWaitMs);
    }

    [Fact]
    public void ACallbackThatConnectsIsAnsweredAndItsTimeToHumanRunsFromTheCallsArrival()
    {
        // No answer at 10:05, then the caller answers at 10:12:30 with the agent on the line.
        var record = EveryOrder.Merge(
            Arrival.Merge(Queued),
            Pressed.Merge(Left),
            Ended,
            Attempt(1, At(10, 5, 0), "no-answer"),
            Connected(At(10, 12, 30)));

        Assert.Equal("answered", record.Outcome);
        Assert.Equal(750_000, record.TimeToHumanMs);
        Assert.Equal((Agent, "(callback)"), (record.Answered!.Value, record.Answered.Detail));
        Assert.Equal("no-answer", record.CallbackAttempts![1]!.Value);
        Assert.Equal(CallbackEnd.Connected, record.CallbackEnded!.Value);
    }

    [Theory]
    [InlineData(CallbackEnd.Failed)]
    [InlineData(CallbackEnd.Expired)]
    public void ACallbackThatNeverReachedTheCallerIsNotAnswered(string end)
    {
        var record = EveryOrder.Merge(Arrival.Merge(Queued), Pressed.Merge(Left), Ended, Attempt(2, At(10, 10, 0), "machine"), new() { CallbackEnded = new Stamped(At(10, 10, 1), end) });

        Assert.Equal("no-answer", record.Outcome);
        Assert.Null(record.TimeToHumanMs);
        Assert.Null(record.CallbackAttempts![1]);
        Assert.Equal("machine", record.CallbackAttempts[2]!.Value);
    }

    [Fact]
    public void ACallbackRecordRoundTripsThroughItsColumnsWithEveryAttempt()
    {
        var facts = Arrival.Merge(Queued).Merge(Pressed).Merge(Left).Merge(Ended)
            .Merge(Attempt(1, At(10, 5, 0), "no-answer")).Merge(Attempt(2, At(10, 10, 0), "busy")).Merge(Connected(At(10, 15, 0)));

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal(At(10, 0, 40), entity.GetDateTimeOffset("CallbackRequestedAt"));
        Assert.Equal(("no-answer", "busy"), (entity.GetString("CallbackAttempt1Result"), entity.GetString("CallbackAttempt2Result")));
        Assert.Equal(At(10, 10, 0), entity.GetDateTimeOffset("CallbackAttempt2At"));
        Assert.Equal(CallbackEnd.Connected, entity.GetString("CallbackResult"));
        Assert.Equal(900_000, entity.GetInt64("TimeToHumanMs"));
        Assert.Equal(facts, HandoffEntityMap.ToFacts(entity));
    }

    [Fact]
    public void WithoutItsFreeTextAnAttemptsResultNobodyKnowsIsGoneAndTheMomentsStay()
    {
        var facts = Arrival.Merge(Queued).Merge(Pressed).Merge(Attempt(1, At(10, 5, 0), new string('x', 600))).Merge(Attempt(2, At(10, 6, 0), "machine"));

        var left = facts.WithoutFreeText();

        Assert.Equal("[refused by storage]", left.CallbackAttempts![1]!.Value);
        Assert.Equal(At(10, 5, 0), left.CallbackAttempts[1]!.At);
        Assert.Equal("machine", left.CallbackAttempts[2]!.Value);
        Assert.Equal(facts.Outcome, left.Outcome);
    }

    [Fact]
    public void AnalyticsCountCallbacksApartWithTheirTimeToCallback()
    {
        var connected = Arrival.Merge(Queued).Merge(Pressed).Merge(Connected(At(10, 2, 0)));
        var failed = Arrival.Merge(Queued).Merge(Pressed).Merge(new() { CallbackEnded = new Stamped(At(10, 30, 0), CallbackEnd.Failed) });
        var expired = Arrival.Merge(Queued).Merge(Pressed).Merge(new() { CallbackEnded = new Stamped(At(10, 30, 0), CallbackEnd.Expired) });
        var pending = Arrival.Merge(Queued).Merge(Pressed);

        var figures = CallbackFigures.Of(CallStats.Of([connected, failed, expired, pending]));

        Assert.Equal((4L, 1L, 1L, 1L), (figures.Requested, figures.Connected, figures.Failed, figures.Expired));
        Assert.Equal(120_000, figures.TimeToCallback.P50Ms);
    }

    private static HandoffFacts Attempt(int number, DateTimeOffset at, string result) =>
        new() { CallbackAttempts = CallbackAttempts.One(number, new Stamped(at, result)) };

    private static HandoffFacts Connected(DateTimeOffset at) =>
        new() { Answered = new Stamped(at, Agent, HandoffFacts.CallbackGroup), CallbackEnded = new Stamped(at, CallbackEnd.Connected) };

    private static DateTimeOffset At(int hour, int minute, int second) => new(2026, 11, 23, hour, minute, second, TimeSpan.Zero);
}
