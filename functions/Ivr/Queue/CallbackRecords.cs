using Ivr.Handoffs;

namespace Ivr.Queue;

/// <summary>What a callback's events add to its call's hand-off record.</summary>
internal sealed class CallbackRecords(HandoffQueue handoffs)
{
    public void Requested(PendingCallback callback) =>
        Add(callback, new HandoffFacts { CallbackRequested = new Stamped(callback.RequestedAt, "requested") });

    /// <summary>Attempt <paramref name="number"/> did not reach the caller (<paramref name="result"/>: no-answer, busy, machine …).</summary>
    public void AttemptFailed(PendingCallback callback, int number, DateTimeOffset at, string result) =>
        Add(callback, new HandoffFacts { CallbackAttempts = CallbackAttempts.One(number, new Stamped(at, result)) });

    /// <summary>The caller answered with <paramref name="person"/> on the line: the hand-off, counted from the call's arrival.</summary>
    public void Connected(PendingCallback callback, string person, DateTimeOffset at) =>
        Add(callback, new HandoffFacts
        {
            Answered = new Stamped(at, person, HandoffFacts.CallbackGroup),
            CallbackEnded = new Stamped(at, CallbackEnd.Connected),
        });

    public void Ended(PendingCallback callback, DateTimeOffset at) =>
        Add(callback, new HandoffFacts { CallbackEnded = new Stamped(at, callback.Ended ?? CallbackEnd.Failed) });

    private void Add(PendingCallback callback, HandoffFacts facts) =>
        handoffs.Enqueue(new HandoffUpdate(
            callback.CallSid,
            callback.Line,
            callback.ArrivedAt is { } arrivedAt ? new HandoffKey(callback.Line, arrivedAt, callback.CallSid) : null,
            facts));
}
