using Ivr.Handoffs;
using Ivr.Queue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>
/// The number's call status callback, sent when the call is over: closes the record. A caller who hung up
/// while it rang shows up here first, as a call that ended before anyone answered.
/// </summary>
internal static class CallStatus
{
    private static readonly HashSet<string> FinalStatuses = new(StringComparer.Ordinal) { "completed", "busy", "no-answer", "failed", "canceled" };

    /// <summary>Whether a CallStatus says the call (or a leg of it) is over.</summary>
    public static bool IsFinal(string? callStatus) => callStatus is not null && FinalStatuses.Contains(callStatus);

    public static async Task<Results<NoContent, ValidationProblem>> HandleAsync(HttpRequest request, HandoffQueue handoffs, WaitingCallers waiting, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        if (call.CallStatus is { } status && IsFinal(status))
        {
            var endedAt = Moments.EventTime(Moments.Now(time), call.Timestamp);
            var update = CallbackUpdate.For(request, call.CallSid, call.To, new HandoffFacts { Ended = new Stamped(endedAt, status) });
            handoffs.Enqueue(update);
            if (waiting.IsWaiting(call.CallSid))
            {
                waiting.Left(update.Line, call.CallSid); // Hung up in the queue, in case its action does not come.
            }
        }

        return TypedResults.NoContent();
    }
}
