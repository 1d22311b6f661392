using Ivr.Presence;

namespace Ivr.Tests.Unit;

/// <summary>
/// Whether a person can be rung or offered a waiting caller at a given moment, from the facts kept about them. Every
/// moment is fixed: presence is a function of the facts and the instant asked about, never of a clock.
/// </summary>
public sealed class PersonPresenceTests
{
    private const string Person = "+31612345678";
    private const string Leg = "CA11111111111111111111111111111111";
    private const string Offer = "CA22222222222222222222222222222222";

    private static readonly DateTimeOffset T = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SomeoneIvrKnowsNothingOfIsAvailable()
    {
        var presence = PersonPresence.Available(Person);

        Assert.Equal(Person, presence.Person);
        Assert.True(presence.IsFree(T));
        Assert.True(presence.CanBeOffered(T));
        Assert.False(presence.IsBusy(T));
        Assert.False(presence.IsOffered(T));
        Assert.Equal("available", presence.State(T));
    }

    [Fact]
    public void APersonOnACallIsBusyAndNeitherRungNorOffered()
    {
        var presence = PersonPresence.Available(Person) with { BusyWith = Leg, BusySince = T };

        Assert.True(presence.IsBusy(T.AddMinutes(20)));
        Assert.False(presence.IsFree(T.AddMinutes(20)));
        Assert.False(presence.CanBeOffered(T.AddMinutes(20)));
        Assert.Equal("busy", presence.State(T.AddMinutes(20)));
    }

    [Fact]
    public void ACallWhoseEndIvrNeverHeardFreesItsPersonAfterTheLongestCall()
    {
        var presence = PersonPresence.Available(Person) with { BusyWith = Leg, BusySince = T };
        var expires = T + PersonPresence.LongestCall;

        Assert.True(presence.IsBusy(expires - TimeSpan.FromTicks(1)));
        Assert.False(presence.IsBusy(expires));
        Assert.True(presence.IsFree(expires));
        Assert.Equal("available", presence.State(expires.AddHours(1)));
        Assert.True(PersonPresence.LongestCall >= TimeSpan.FromHours(1), "a lost callback must not free someone in the middle of an ordinary long call");
    }

    [Fact]
    public void InWrapUpAPersonIsNotRungUntilItEnds()
    {
        var presence = PersonPresence.Available(Person) with { FreeFrom = T.AddSeconds(30) };

        Assert.False(presence.IsFree(T));
        Assert.False(presence.IsFree(T.AddSeconds(29)));
        Assert.Equal("wrap-up", presence.State(T.AddSeconds(29)));
        Assert.True(presence.IsFree(T.AddSeconds(30)));
        Assert.True(presence.CanBeOffered(T.AddSeconds(30)));
        Assert.Equal("available", presence.State(T.AddSeconds(30)));
    }

    [Fact]
    public void APersonBeingOfferedACallerIsNotRungUntilTheOfferLapses()
    {
        var presence = PersonPresence.Available(Person) with { OfferSid = Offer, OfferLine = "+31201234567", OfferedUntil = T.AddSeconds(25) };

        Assert.True(presence.IsOffered(T));
        Assert.False(presence.IsFree(T));
        Assert.Equal("offered", presence.State(T));
        Assert.False(presence.IsOffered(T.AddSeconds(25)));
        Assert.True(presence.IsFree(T.AddSeconds(25)));
    }

    [Fact]
    public void APersonRestingAfterLettingAnOfferGoMayBeRungButIsNotOfferedAnother()
    {
        var presence = PersonPresence.Available(Person) with { RestUntil = T.AddSeconds(60) };

        Assert.True(presence.IsFree(T));
        Assert.False(presence.CanBeOffered(T));
        Assert.False(presence.CanBeOffered(T.AddSeconds(59)));
        Assert.True(presence.CanBeOffered(T.AddSeconds(60)));
        Assert.Equal("available", presence.State(T));
    }

    [Fact]
    public void AnAwayPersonIsNeverFreeWhateverElseIsTrue()
    {
        var away = PersonPresence.Available(Person) with { Away = true };
        var awayAndLongAgoBusy = away with { BusyWith = Leg, BusySince = T.AddDays(-3) };

        Assert.False(away.IsFree(T));
        Assert.False(away.CanBeOffered(T));
        Assert.Equal("away", away.State(T));
        Assert.False(awayAndLongAgoBusy.IsFree(T));
        Assert.Equal("away", awayAndLongAgoBusy.State(T));
    }

    [Fact]
    public void OfSeveralFactsTheStateNamesTheStrongest()
    {
        var all = PersonPresence.Available(Person) with
        {
            BusyWith = Leg,
            BusySince = T,
            FreeFrom = T.AddMinutes(1),
            OfferSid = Offer,
            OfferedUntil = T.AddMinutes(1),
        };

        Assert.Equal("away", (all with { Away = true }).State(T));
        Assert.Equal("busy", all.State(T));
        Assert.Equal("wrap-up", (all with { BusyWith = null, BusySince = null }).State(T));
        Assert.Equal("offered", (all with { BusyWith = null, BusySince = null, FreeFrom = null }).State(T));
    }
}
