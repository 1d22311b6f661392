using Azure;
using Ivr.Handoffs;

namespace Ivr.Queue;

/// <summary>
/// A caller who pressed 1 to be called back: they keep their place (<see cref="QueuedAt"/>, when they joined the queue)
/// until Ivr reaches them, their last attempt failed, or <see cref="ExpiresAt"/>. Their number is kept only sealed
/// (<see cref="SealedNumber"/>), and only in this row, which is deleted when the callback ends.
/// </summary>
internal sealed record PendingCallback(string Line, string CallSid, DateTimeOffset QueuedAt, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt, string SealedNumber)
{
    /// <summary>When the call reached Ivr: its record's key.</summary>
    public DateTimeOffset? ArrivedAt { get; init; }

    /// <summary>Attempts that reached the caller's phone and failed (no answer, busy, a machine).</summary>
    public int Attempts { get; init; }

    /// <summary>Not tried again before this (after a failed attempt).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The person it is being offered to, reserved until <see cref="ClaimedUntil"/>.</summary>
    public string? Person { get; init; }

    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>How it ended (<see cref="CallbackEnd"/>); a callback that has ended is deleted, number and all.</summary>
    public string? Ended { get; init; }

    public ETag ETag { get; init; }

    public bool IsClaimed(DateTimeOffset now) => Person is not null && ClaimedUntil > now;

    /// <summary>Its turn may come now: not reserved for someone, not waiting to retry, not expired.</summary>
    public bool IsDue(DateTimeOffset now) => !IsClaimed(now) && !(NextAttemptAt > now) && ExpiresAt > now;
}
