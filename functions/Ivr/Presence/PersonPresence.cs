namespace Ivr.Presence;

/// <summary>
/// Whether one person (a ring-group member, by the address Twilio rings) can take a caller now, from Ivr's own facts:
/// they are on a call Ivr put through, in after-call work, marked away by an admin, being offered a waiting caller, or
/// resting after they let an offer go. Shared by every line the person is on, since they have one phone.
/// </summary>
internal sealed record PersonPresence(string Person)
{
    /// <summary>
    /// A call leg Ivr never heard the end of (a lost callback) frees its person after this long, so nobody stays busy
    /// for good; no call a person answers lasts longer.
    /// </summary>
    public static readonly TimeSpan LongestCall = TimeSpan.FromHours(4);

    /// <summary>Marked away by an admin: never rung, never offered a caller, until marked available.</summary>
    public bool Away { get; init; }

    /// <summary>The call leg (CallSid) the person answered and is on.</summary>
    public string? BusyWith { get; init; }

    public DateTimeOffset? BusySince { get; init; }

    /// <summary>End of after-call work: the person is free from then on.</summary>
    public DateTimeOffset? FreeFrom { get; init; }

    /// <summary>The offer call (CallSid, or <see cref="OfferPending"/> while it is being placed) of a waiting caller.</summary>
    public string? OfferSid { get; init; }

    /// <summary>The line whose waiting caller is offered.</summary>
    public string? OfferLine { get; init; }

    /// <summary>An offer that was not settled by then has lapsed (its status callback was lost).</summary>
    public DateTimeOffset? OfferedUntil { get; init; }

    /// <summary>The person let an offer go (no answer, declined, busy): no new offer before then.</summary>
    public DateTimeOffset? RestUntil { get; init; }

    /// <summary>The last call leg of theirs reported over: Twilio's callbacks can come out of order, and its answer coming late changes nothing.</summary>
    public string? LastEnded { get; init; }

    /// <summary>When this was last changed; of two versions the later one wins.</summary>
    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>Stands for the offer call while Ivr is still asking Twilio to place it.</summary>
    public const string OfferPending = "pending";

    public bool IsBusy(DateTimeOffset now) => BusyWith is not null && !(BusySince + LongestCall <= now);

    public bool IsOffered(DateTimeOffset now) => OfferSid is not null && OfferedUntil > now;

    /// <summary>Free to ring: not away, not on a call, not in after-call work, not being offered a caller.</summary>
    public bool IsFree(DateTimeOffset now) => !Away && !IsBusy(now) && !(FreeFrom > now) && !IsOffered(now);

    /// <summary>Free, and not resting after letting an offer go.</summary>
    public bool CanBeOffered(DateTimeOffset now) => IsFree(now) && !(RestUntil > now);

    /// <summary>One word for people reading it: <c>away</c>, <c>busy</c>, <c>wrap-up</c>, <c>offered</c> or <c>available</c>.</summary>
    public string State(DateTimeOffset now) =>
        Away ? "away" : IsBusy(now) ? "busy" : FreeFrom > now ? "wrap-up" : IsOffered(now) ? "offered" : "available";

    public static PersonPresence Available(string person) => new(person);
}
