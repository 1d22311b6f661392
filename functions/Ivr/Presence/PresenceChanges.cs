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
        p.BusyWith == legSid || p.LastEnded == legSid ? null : p with
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
        p.BusyWith == offerSid || p.LastEnded == offerSid ? null : p with { BusyWith = offerSid, BusySince = at, FreeFrom = null, ChangedAt = at };

    /// <summary>
    /// Twilio put the person's offer call through to a waiting caller: the offer has done its work (its placement may
    /// not even be noted yet, the reservation then still pending).
    /// </summary>
    public static Func<PersonPresence, PersonPresence?> Bridged(DateTimeOffset at) => p =>
        p.OfferSid is not null && p.BusyWith is not null && (p.OfferSid == p.BusyWith || p.OfferSid == PersonPresence.OfferPending)
            ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, ChangedAt = at }
            : null;

    /// <summary>
    /// Call leg <paramref name="legSid"/> ended. The person it kept busy is free after <paramref name="wrapUp"/> (an offer
    /// they took is over too); an offer that ended without being taken lets the person rest. A leg that was answered
    /// (<paramref name="wasAnswered"/>: it ended <c>completed</c>) whose answer has not been heard yet is remembered, so
    /// that answer, when it comes, is ignored. Any other leg (one they never answered) changes nothing.
    /// </summary>
    public static Func<PersonPresence, PersonPresence?> Ended(string legSid, DateTimeOffset at, TimeSpan wrapUp, bool wasAnswered = false) => p =>
        p.BusyWith == legSid
            ? p with
            {
                BusyWith = null,
                BusySince = null,
                FreeFrom = wrapUp > TimeSpan.Zero ? at + wrapUp : null,
                OfferSid = p.OfferSid == legSid ? null : p.OfferSid,
                OfferLine = p.OfferSid == legSid ? null : p.OfferLine,
                OfferedUntil = p.OfferSid == legSid ? null : p.OfferedUntil,
                LastEnded = legSid,
                ChangedAt = at,
            }
            : p.OfferSid == legSid
                ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, RestUntil = at + RestAfterDeclining, LastEnded = legSid, ChangedAt = at }
                : wasAnswered && p.LastEnded != legSid
                    ? p with { LastEnded = legSid, ChangedAt = at }
                    : null;

    public static Func<PersonPresence, PersonPresence?> MarkAway(bool away, DateTimeOffset at) => p =>
        p.Away == away ? null : p with { Away = away, RestUntil = away ? p.RestUntil : null, ChangedAt = at };

    /// <summary>Reserves the person for an offer of <paramref name="line"/>'s waiting caller, if they can be offered one.</summary>
    public static Func<PersonPresence, PersonPresence?> Claim(string line, DateTimeOffset until, DateTimeOffset now) => p =>
        p.CanBeOffered(now)
            ? p with { OfferSid = PersonPresence.OfferPending, OfferLine = line, OfferedUntil = until, ChangedAt = now }
            : null;

    /// <summary>
    /// The offer call Twilio created for the reservation. The person may have picked it up already (Twilio asked for its
    /// TwiML before Ivr read Twilio's answer to placing it): it still counts until it hands over a caller. If that call
    /// is already over, the reservation is spent.
    /// </summary>
    public static Func<PersonPresence, PersonPresence?> Placed(string offerSid, DateTimeOffset at) => p =>
        p.OfferSid != PersonPresence.OfferPending ? null
        : p.LastEnded == offerSid ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, ChangedAt = at }
        : p with { OfferSid = offerSid, ChangedAt = at };

    /// <summary>The offer reached the person after its caller stopped waiting: over, without a rest, since they declined nothing.</summary>
    public static Func<PersonPresence, PersonPresence?> Void(string offerSid, DateTimeOffset at) => p =>
        p.OfferSid == offerSid ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, ChangedAt = at } : null;

    /// <summary>The offer could not be placed: the reservation goes, so the next sweep may try again.</summary>
    public static Func<PersonPresence, PersonPresence?> NotPlaced(DateTimeOffset at) => p =>
        p.OfferSid == PersonPresence.OfferPending ? p with { OfferSid = null, OfferLine = null, OfferedUntil = null, ChangedAt = at } : null;
}
