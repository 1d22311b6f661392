using Ivr.Handoffs;

namespace Ivr.Queue;

/// <summary>
/// What each event does to a pending callback: pure functions, applied under the row's ETag. Each returns null when the
/// event changes nothing (a late, repeated or foreign one); a result with <see cref="PendingCallback.Ended"/> set is
/// deleted.
/// </summary>
internal static class CallbackChanges
{
    /// <summary>Reserves the callback for <paramref name="person"/>'s offer until <paramref name="until"/>, if its turn may come.</summary>
    public static Func<PendingCallback, PendingCallback?> Claim(string person, DateTimeOffset until, DateTimeOffset now) => c =>
        c.IsDue(now) ? c with { Person = person, ClaimedUntil = until } : null;

    /// <summary>The person let the offer go (or never heard it): the callback waits for the next free person, in its place.</summary>
    public static Func<PendingCallback, PendingCallback?> Release(string person) => c =>
        c.Person == person ? c with { Person = null, ClaimedUntil = null } : null;

    /// <summary>The person is on the line and Ivr dials the caller: theirs until the attempt is over.</summary>
    public static Func<PendingCallback, PendingCallback?> Dialling(string person, DateTimeOffset until) => c =>
        c.Person == person ? c with { ClaimedUntil = until } : null;

    /// <summary>The caller answered, with the person on the line.</summary>
    public static Func<PendingCallback, PendingCallback?> Connected(string person) => c =>
        c.Person == person ? c with { Ended = CallbackEnd.Connected } : null;

    /// <summary>The caller did not answer (or a machine did): tried again after <paramref name="retryAfter"/>, or failed after the last attempt.</summary>
    public static Func<PendingCallback, PendingCallback?> AttemptFailed(string person, int maxAttempts, TimeSpan retryAfter, DateTimeOffset now) => c =>
        c.Person != person
            ? null
            : c.Attempts + 1 >= maxAttempts
                ? c with { Attempts = c.Attempts + 1, Ended = CallbackEnd.Failed }
                : c with { Attempts = c.Attempts + 1, NextAttemptAt = now + retryAfter, Person = null, ClaimedUntil = null };

    public static Func<PendingCallback, PendingCallback?> Expire(DateTimeOffset now) => c =>
        c.ExpiresAt <= now && !c.IsClaimed(now) ? c with { Ended = CallbackEnd.Expired } : null;
}
