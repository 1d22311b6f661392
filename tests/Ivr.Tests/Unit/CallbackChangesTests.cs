using Ivr.Handoffs;
using Ivr.Queue;

namespace Ivr.Tests.Unit;

/// <summary>What each event does to a pending callback: reserved by one person at a time, retried in its place, ended once.</summary>
public sealed class CallbackChangesTests
{
    private const string Agent = "+31612345678";
    private const string Alice = "client:alice";

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static readonly PendingCallback Pending =
        new("+31201234567", "CA0123456789abcdef0123456789abcdef", Now.AddMinutes(-10), Now.AddMinutes(-9), Now.AddHours(24), "sealed");

    [Fact]
    public void OnlyACallbackThatIsDueCanBeReservedAndOnlyByOnePersonAtATime()
    {
        var claimed = CallbackChanges.Claim(Agent, Now.AddSeconds(75), Now)(Pending)!;

        Assert.Equal(Agent, claimed.Person);
        Assert.False(claimed.IsDue(Now));
        Assert.Null(CallbackChanges.Claim(Alice, Now.AddSeconds(75), Now)(claimed));
        Assert.Null(CallbackChanges.Claim(Alice, Now.AddSeconds(75), Now)(Pending with { NextAttemptAt = Now.AddMinutes(1) }));
        Assert.Null(CallbackChanges.Claim(Alice, Now.AddSeconds(75), Now)(Pending with { ExpiresAt = Now }));

        // A reservation whose offer never settled lapses, and the callback is due again.
        Assert.Equal(Alice, CallbackChanges.Claim(Alice, Now.AddSeconds(160), Now.AddSeconds(80))(claimed)!.Person);
    }

    [Fact]
    public void AFailedAttemptWaitsItsRetryInItsPlaceAndTheLastOneEndsTheCallback()
    {
        var claimed = CallbackChanges.Claim(Agent, Now.AddSeconds(75), Now)(Pending)!;

        var retry = CallbackChanges.AttemptFailed(Agent, maxAttempts: 2, TimeSpan.FromMinutes(5), Now)(claimed)!;
        Assert.Equal((1, Now.AddMinutes(5), null, null), (retry.Attempts, retry.NextAttemptAt, retry.Person, retry.Ended));
        Assert.Equal(Pending.QueuedAt, retry.QueuedAt);
        Assert.False(retry.IsDue(Now.AddMinutes(4)));
        Assert.True(retry.IsDue(Now.AddMinutes(5)));

        var again = CallbackChanges.Claim(Alice, Now.AddMinutes(6), Now.AddMinutes(5))(retry)!;
        var last = CallbackChanges.AttemptFailed(Alice, maxAttempts: 2, TimeSpan.FromMinutes(5), Now.AddMinutes(5))(again)!;
        Assert.Equal((2, CallbackEnd.Failed), (last.Attempts, last.Ended));
    }

    [Fact]
    public void EventsOfAPersonWhoseReservationItIsNotChangeNothing()
    {
        var claimed = CallbackChanges.Claim(Agent, Now.AddSeconds(75), Now)(Pending)!;

        Assert.Null(CallbackChanges.Release(Alice)(claimed));
        Assert.Null(CallbackChanges.Dialling(Alice, Now.AddMinutes(2))(claimed));
        Assert.Null(CallbackChanges.Connected(Alice)(claimed));
        Assert.Null(CallbackChanges.AttemptFailed(Alice, 3, TimeSpan.FromMinutes(5), Now)(claimed));
        Assert.Equal(CallbackEnd.Connected, CallbackChanges.Connected(Agent)(claimed)!.Ended);
        Assert.Null(CallbackChanges.Release(Agent)(claimed)!.Person);
    }

    [Fact]
    public void ACallbackExpiresOnceItsTimeIsUpUnlessItIsBeingTriedRightNow()
    {
        Assert.Null(CallbackChanges.Expire(Now)(Pending));
        Assert.Equal(CallbackEnd.Expired, CallbackChanges.Expire(Now.AddHours(24))(Pending)!.Ended);

        var dialling = CallbackChanges.Claim(Agent, Now.AddHours(24).AddSeconds(30), Now.AddHours(24).AddSeconds(-10))(Pending)!;
        Assert.Null(CallbackChanges.Expire(Now.AddHours(24))(dialling));
    }
}
