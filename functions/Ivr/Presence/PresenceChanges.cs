namespace Ivr.Presence;

/// <summary>
/// What each fact does to a person's presence: pure functions, applied alike to the copy in memory and, under an ETag,
/// to the stored row. Each returns null when the fact changes nothing (a late or repeated callback), so nothing is written.
/// </summary>
internal static class PresenceChanges
{
    /// <summary>How long a person who let an offer go is not offered another.</summary>
    public static readonly TimeSpan RestAfterDeclining = TimeSpan.FromSeconds(60);

    /// <summary>The person picked up call leg <paramref name="legSid"/> (a caller put through; an offer they take is <see cref="TookOffer"/>).</summary>
    public static Func<PersonPresence, PersonPresence?> Answered(string legSid, DateTimeOffset at) => p =>
        p.BusyWith == legSid ? null : p with
        {
            BusyWith = legSid,
            BusySince = at,
            FreeFrom = null,
            OfferSid = p.OfferSid == legSid ? null : p.OfferSid,
            OfferLine = p.OfferSid == legSid ? null : p.OfferLine,
            OfferedUntil = p.OfferSid == legSid ? null : p.OfferedUntil,
            ChangedAt = at,
        };

    /// <summary>
    /// The person took offer call <paramref name="offerSid"/> (picked it up, and pressed a key on a screening line): busy
    /// on it. The offer still counts as on its way to a waiting caller until Twilio hands one over (<see cref="Bridged"/>)
    /// or the call ends, so the caller at the head of the queue is not offered to a second person in between.
    /// </summary>
    public static Func<PersonPresence, PersonPresence?> TookOffer(string offerSid, DateTimeOffset at) => p =>
        p.BusyWith == offerSid ? null : p with { BusyWith = offerSid, BusySince = at, FreeFrom = null, ChangedAt = at };

    /// <summary>Twilio put the person's offer call through to a waiting caller: the offer has done its work.</summary>
    public static Func<PersonPresence, PersonPresence?> Bridged(DateTimeOffset at) => p =>
        p.OfferSid is not null && p.OfferSid == p.BusyWith ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, ChangedAt = at } : null;

    /// <summary>
    /// Call leg <paramref name="legSid"/> ended. The person it kept busy is free after <paramref name="wrapUp"/> (an offer
    /// they took is over too); an offer that ended without being taken lets the person rest. Any other leg (one they
    /// never answered) changes nothing.
    /// </summary>
    public static Func<PersonPresence, PersonPresence?> Ended(string legSid, DateTimeOffset at, TimeSpan wrapUp) => p =>
        p.BusyWith == legSid
            ? p with
            {
                BusyWith = null,
                BusySince = null,
                FreeFrom = wrapUp > TimeSpan.Zero ? at + wrapUp : null,
                OfferSid = p.OfferSid == legSid ? null : p.OfferSid,
                OfferLine = p.OfferSid == legSid ? null : p.OfferLine,
                OfferedUntil = p.OfferSid == legSid ? null : p.OfferedUntil,
                ChangedAt = at,
            }
            : p.OfferSid == legSid
                ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, RestUntil = at + RestAfterDeclining, ChangedAt = at }
                : null;

    public static Func<PersonPresence, PersonPresence?> MarkAway(bool away, DateTimeOffset at) => p =>
        p.Away == away ? null : p with { Away = away, RestUntil = away ? p.RestUntil : null, ChangedAt = at };

    /// <summary>Reserves the person for an offer of <paramref name="line"/>'s waiting caller, if they can be offered one.</summary>
    public static Func<PersonPresence, PersonPresence?> Claim(string line, DateTimeOffset until, DateTimeOffset now) => p =>
        p.CanBeOffered(now)
            ? p with { OfferSid = PersonPresence.OfferPending, OfferLine = line, OfferedUntil = until, ChangedAt = now }
            : null;

    /// <summary>The offer call Twilio created for the reservation.</summary>
    public static Func<PersonPresence, PersonPresence?> Placed(string offerSid, DateTimeOffset at) => p =>
        p.OfferSid == PersonPresence.OfferPending ? p with { OfferSid = offerSid, ChangedAt = at } : null;

    /// <summary>The offer reached the person after its caller stopped waiting: over, without a rest, since they declined nothing.</summary>
    public static Func<PersonPresence, PersonPresence?> Void(string offerSid, DateTimeOffset at) => p =>
        p.OfferSid == offerSid ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, ChangedAt = at } : null;

    /// <summary>The offer could not be placed: the reservation goes, so the next sweep may try again.</summary>
    public static Func<PersonPresence, PersonPresence?> NotPlaced(DateTimeOffset at) => p =>
        p.OfferSid == PersonPresence.OfferPending ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, ChangedAt = at } : null;
}
