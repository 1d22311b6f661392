using Ivr.Presence;

namespace Ivr.Tests.Unit;

/// <summary>
/// What each fact Ivr learns does to a person's presence. A fact that changes nothing (a repeated callback, the end of
/// a leg the person never answered) gives null, so nothing is written. All moments are fixed.
/// </summary>
public sealed class PresenceChangesTests
{
    private const string Person = "+31612345678";
    private const string LineNumber = "+31201234567";
    private const string Leg = "CA11111111111111111111111111111111";
    private const string OtherLeg = "CA33333333333333333333333333333333";
    private const string Offer = "CA22222222222222222222222222222222";

    private static readonly DateTimeOffset T = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly PersonPresence Available = PersonPresence.Available(Person);

    [Fact]
    public void AnsweringALegMakesThePersonBusyWithItFromThatMoment()
    {
        var busy = Apply(Available, PresenceChanges.Answered(Leg, T));

        Assert.Equal(Leg, busy.BusyWith);
        Assert.Equal(T, busy.BusySince);
        Assert.Equal(T, busy.ChangedAt);
        Assert.False(busy.IsFree(T));
        Assert.Equal("busy", busy.State(T.AddMinutes(5)));
    }

    [Fact]
    public void TheSameAnswerReportedAgainChangesNothing()
    {
        var busy = Apply(Available, PresenceChanges.Answered(Leg, T));

        Assert.Null(PresenceChanges.Answered(Leg, T.AddSeconds(1))(busy));
    }

    [Fact]
    public void AnAnswerReportedAfterTheEndOfItsLegLeavesThePersonFree()
    {
        // Twilio's callbacks can overtake each other: the leg's "completed" first, then its "answered".
        var ended = Apply(Available, PresenceChanges.Ended(Leg, T.AddMinutes(2), TimeSpan.Zero, wasAnswered: true));

        Assert.Null(PresenceChanges.Answered(Leg, T)(ended));
        Assert.True(ended.IsFree(T.AddMinutes(2)));
    }

    [Fact]
    public void AnOfferAnsweredAndEndedBeforeItsPlacementWasNotedLeavesNoOfferBehind()
    {
        var reserved = Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(80), T));
        var busy = Apply(reserved, PresenceChanges.Answered(Offer, T.AddSeconds(1)));
        var ended = Apply(busy, PresenceChanges.Ended(Offer, T.AddSeconds(5), TimeSpan.Zero, wasAnswered: true));

        var placed = Apply(ended, PresenceChanges.Placed(Offer, T.AddSeconds(6)));

        Assert.Null(placed.OfferSid);
        Assert.True(placed.CanBeOffered(T.AddSeconds(6)));
    }

    [Fact]
    public void AnsweringDuringWrapUpEndsTheWrapUp()
    {
        var inWrapUp = Available with { FreeFrom = T.AddSeconds(30) };

        var busy = Apply(inWrapUp, PresenceChanges.Answered(Leg, T));
        var ended = Apply(busy, PresenceChanges.Ended(Leg, T.AddSeconds(10), TimeSpan.Zero));

        Assert.Null(busy.FreeFrom);
        Assert.True(ended.IsFree(T.AddSeconds(10)));
    }

    [Fact]
    public void TheEndOfTheAnsweredLegFreesThePersonAtOnceWithoutWrapUp()
    {
        var busy = Apply(Available, PresenceChanges.Answered(Leg, T));

        var ended = Apply(busy, PresenceChanges.Ended(Leg, T.AddMinutes(3), TimeSpan.Zero));

        Assert.Null(ended.BusyWith);
        Assert.Null(ended.BusySince);
        Assert.Null(ended.FreeFrom);
        Assert.Equal(T.AddMinutes(3), ended.ChangedAt);
        Assert.True(ended.IsFree(T.AddMinutes(3)));
        Assert.True(ended.CanBeOffered(T.AddMinutes(3)));
    }

    [Fact]
    public void WithWrapUpThePersonIsFreeOnlyOnceItIsOver()
    {
        var end = T.AddMinutes(3);
        var busy = Apply(Available, PresenceChanges.Answered(Leg, T));

        var ended = Apply(busy, PresenceChanges.Ended(Leg, end, TimeSpan.FromSeconds(45)));

        Assert.False(ended.IsFree(end));
        Assert.False(ended.IsFree(end.AddSeconds(44)));
        Assert.False(ended.CanBeOffered(end.AddSeconds(44)));
        Assert.Equal("wrap-up", ended.State(end.AddSeconds(44)));
        Assert.True(ended.IsFree(end.AddSeconds(45)));
        Assert.True(ended.CanBeOffered(end.AddSeconds(45)));
    }

    [Fact]
    public void TheEndOfALegThePersonIsNotOnChangesNothing()
    {
        var busy = Apply(Available, PresenceChanges.Answered(Leg, T));

        Assert.Null(PresenceChanges.Ended(OtherLeg, T.AddSeconds(20), TimeSpan.FromSeconds(30))(busy));
        Assert.Null(PresenceChanges.Ended(OtherLeg, T.AddSeconds(20), TimeSpan.Zero)(Available));
    }

    [Fact]
    public void TheSameEndReportedAgainChangesNothingAndDoesNotRestartTheWrapUp()
    {
        var busy = Apply(Available, PresenceChanges.Answered(Leg, T));
        var ended = Apply(busy, PresenceChanges.Ended(Leg, T.AddMinutes(1), TimeSpan.FromSeconds(30)));

        Assert.Null(PresenceChanges.Ended(Leg, T.AddMinutes(2), TimeSpan.FromSeconds(30))(ended));
    }

    [Fact]
    public void AnOfferThatEndsUntakenLetsThePersonRestFromOffersButNotFromRinging()
    {
        var offered = Apply(Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T)), PresenceChanges.Placed(Offer, T.AddSeconds(1)));
        var declinedAt = T.AddSeconds(12);

        var resting = Apply(offered, PresenceChanges.Ended(Offer, declinedAt, TimeSpan.FromSeconds(90)));

        Assert.Null(resting.OfferSid);
        Assert.Null(resting.OfferLine);
        Assert.Null(resting.OfferedUntil);
        Assert.Null(resting.FreeFrom); // Wrap-up is for calls the person took.
        Assert.True(resting.IsFree(declinedAt));
        Assert.False(resting.CanBeOffered(declinedAt));
        Assert.True(PresenceChanges.RestAfterDeclining > TimeSpan.Zero);
        Assert.False(resting.CanBeOffered(declinedAt + PresenceChanges.RestAfterDeclining - TimeSpan.FromTicks(1)));
        Assert.True(resting.CanBeOffered(declinedAt + PresenceChanges.RestAfterDeclining));
    }

    [Fact]
    public void ATakenOfferMakesThePersonBusyWithItAndItsEndFreesThemAfterWrapUp()
    {
        var claimed = Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T));
        var placed = Apply(claimed, PresenceChanges.Placed(Offer, T.AddSeconds(1)));

        var busy = Apply(placed, PresenceChanges.Answered(Offer, T.AddSeconds(8)));
        var ended = Apply(busy, PresenceChanges.Ended(Offer, T.AddMinutes(4), TimeSpan.FromSeconds(20)));

        Assert.Equal(Offer, busy.BusyWith);
        Assert.Null(busy.OfferSid);
        Assert.Null(busy.OfferLine);
        Assert.Null(busy.OfferedUntil);
        Assert.Equal("busy", busy.State(T.AddSeconds(8)));
        Assert.Null(ended.RestUntil); // Taking the caller is not letting the offer go.
        Assert.Equal("wrap-up", ended.State(T.AddMinutes(4).AddSeconds(19)));
        Assert.True(ended.CanBeOffered(T.AddMinutes(4).AddSeconds(20)));
    }

    /// <summary>
    /// Twilio may ask for the offer's TwiML (the person picked up) before Ivr has read Twilio's answer to placing the
    /// call: the answer comes first, the placement second. Once that call ends the person is free all the same.
    /// </summary>
    [Fact]
    public void AnOfferTakenBeforeItsPlacementWasNotedStillFreesThePersonWhenItEnds()
    {
        var claimed = Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(85), T));

        var busy = Apply(claimed, PresenceChanges.Answered(Offer, T.AddSeconds(3)));
        var placed = PresenceChanges.Placed(Offer, T.AddSeconds(4))(busy) ?? busy;
        var ended = Apply(placed, PresenceChanges.Ended(Offer, T.AddSeconds(40), TimeSpan.Zero));

        Assert.Equal("busy", placed.State(T.AddSeconds(4)));
        Assert.Null(ended.RestUntil);
        Assert.Equal("available", ended.State(T.AddSeconds(40)));
        Assert.True(ended.CanBeOffered(T.AddSeconds(40)));
    }

    [Fact]
    public void AnsweringAnotherLegWhileOfferedKeepsTheOffer()
    {
        var offered = Apply(Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T)), PresenceChanges.Placed(Offer, T));

        var busy = Apply(offered, PresenceChanges.Answered(Leg, T.AddSeconds(2)));

        Assert.Equal(Leg, busy.BusyWith);
        Assert.Equal(Offer, busy.OfferSid);
        Assert.Equal(LineNumber, busy.OfferLine);
    }

    [Fact]
    public void AClaimReservesAPersonWhoCanBeOfferedForTheLineUntilItsDeadline()
    {
        var until = T.AddSeconds(35);

        var claimed = Apply(Available, PresenceChanges.Claim(LineNumber, until, T));

        Assert.Equal(PersonPresence.OfferPending, claimed.OfferSid);
        Assert.Equal(LineNumber, claimed.OfferLine);
        Assert.Equal(until, claimed.OfferedUntil);
        Assert.Equal(T, claimed.ChangedAt);
        Assert.True(claimed.IsOffered(T));
        Assert.False(claimed.IsFree(T));
        Assert.True(claimed.IsFree(until));
    }

    private static readonly Dictionary<string, PersonPresence> NotOfferable = new(StringComparer.Ordinal)
    {
        ["away"] = Available with { Away = true },
        ["busy"] = Available with { BusyWith = Leg, BusySince = T.AddMinutes(-1) },
        ["in wrap-up"] = Available with { FreeFrom = T.AddSeconds(1) },
        ["offered already"] = Available with { OfferSid = Offer, OfferLine = "+31207654321", OfferedUntil = T.AddSeconds(1) },
        ["being offered by another instance"] = Available with { OfferSid = PersonPresence.OfferPending, OfferLine = LineNumber, OfferedUntil = T.AddSeconds(1) },
        ["resting"] = Available with { RestUntil = T.AddSeconds(1) },
    };

    [Theory]
    [InlineData("away")]
    [InlineData("busy")]
    [InlineData("in wrap-up")]
    [InlineData("offered already")]
    [InlineData("being offered by another instance")]
    [InlineData("resting")]
    public void OnlyAPersonWhoCanBeOfferedCanBeClaimed(string why)
    {
        var presence = NotOfferable[why];

        Assert.False(presence.CanBeOffered(T), why);
        Assert.Null(PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T)(presence));
    }

    [Fact]
    public void OfTwoClaimsOfOnePersonOnlyTheFirstSucceeds()
    {
        var first = Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T));

        Assert.Null(PresenceChanges.Claim("+31207654321", T.AddSeconds(31), T.AddMilliseconds(5))(first));
    }

    [Fact]
    public void ALapsedClaimNoLongerHoldsThePersonBack()
    {
        var claimed = Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T));

        var again = PresenceChanges.Claim("+31207654321", T.AddSeconds(70), T.AddSeconds(40))(claimed);

        Assert.NotNull(again);
        Assert.Equal("+31207654321", again.OfferLine);
    }

    [Fact]
    public void APlacedOfferReplacesThePendingReservationAndOnlyIt()
    {
        var claimed = Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T));

        var placed = Apply(claimed, PresenceChanges.Placed(Offer, T.AddSeconds(1)));

        Assert.Equal(Offer, placed.OfferSid);
        Assert.Equal(LineNumber, placed.OfferLine);
        Assert.Equal(T.AddSeconds(30), placed.OfferedUntil);
        Assert.Null(PresenceChanges.Placed(OtherLeg, T.AddSeconds(2))(placed));
        Assert.Null(PresenceChanges.Placed(Offer, T)(Available));
    }

    [Fact]
    public void AnOfferThatCouldNotBePlacedReleasesThePersonWithoutRest()
    {
        var claimed = Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T));

        var released = Apply(claimed, PresenceChanges.NotPlaced(T.AddSeconds(1)));

        Assert.Null(released.OfferSid);
        Assert.Null(released.OfferLine);
        Assert.Null(released.OfferedUntil);
        Assert.True(released.CanBeOffered(T.AddSeconds(1)));
        Assert.Null(PresenceChanges.NotPlaced(T.AddSeconds(2))(released));
        Assert.Null(PresenceChanges.NotPlaced(T.AddSeconds(2))(Apply(claimed, PresenceChanges.Placed(Offer, T.AddSeconds(1)))));
    }

    [Fact]
    public void AnOfferVoidedBecauseItsCallerStoppedWaitingReleasesThePersonWithoutRest()
    {
        var offered = Apply(Apply(Available, PresenceChanges.Claim(LineNumber, T.AddSeconds(30), T)), PresenceChanges.Placed(Offer, T.AddSeconds(1)));

        var voided = Apply(offered, PresenceChanges.Void(Offer, T.AddSeconds(6)));

        Assert.Null(voided.OfferSid);
        Assert.Null(voided.OfferLine);
        Assert.Null(voided.RestUntil);
        Assert.True(voided.CanBeOffered(T.AddSeconds(6)));
        Assert.Null(PresenceChanges.Void(OtherLeg, T.AddSeconds(6))(offered));
        Assert.Null(PresenceChanges.Void(Offer, T.AddSeconds(7))(voided));
    }

    [Fact]
    public void MarkingAwayAndAvailableChangesOnlyWhatIsNotSoAlready()
    {
        var away = Apply(Available, PresenceChanges.MarkAway(true, T));

        Assert.True(away.Away);
        Assert.Equal("away", away.State(T));
        Assert.Equal(T, away.ChangedAt);
        Assert.Null(PresenceChanges.MarkAway(true, T.AddSeconds(1))(away));
        Assert.Null(PresenceChanges.MarkAway(false, T)(Available));
        var back = Apply(away, PresenceChanges.MarkAway(false, T.AddMinutes(1)));
        Assert.False(back.Away);
        Assert.True(back.CanBeOffered(T.AddMinutes(1)));
    }

    [Fact]
    public void MarkingAPersonAvailableEndsTheirRestFromOffers()
    {
        var restingAndAway = Available with { Away = true, RestUntil = T.AddSeconds(50) };

        var back = Apply(restingAndAway, PresenceChanges.MarkAway(false, T));

        Assert.True(back.CanBeOffered(T));
    }

    [Fact]
    public void AnAwayPersonWhoAnswersACallIsStillAwayAndItsEndKeepsThemAway()
    {
        var away = Available with { Away = true };

        var busy = Apply(away, PresenceChanges.Answered(Leg, T));
        var ended = Apply(busy, PresenceChanges.Ended(Leg, T.AddMinutes(2), TimeSpan.Zero));

        Assert.True(ended.Away);
        Assert.False(ended.IsFree(T.AddMinutes(2)));
    }

    private static PersonPresence Apply(PersonPresence presence, Func<PersonPresence, PersonPresence?> change) =>
        change(presence) ?? throw new Xunit.Sdk.XunitException($"Expected the change to apply to {presence}.");
}
