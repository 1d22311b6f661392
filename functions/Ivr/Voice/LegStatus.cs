using Ivr.Handoffs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>A dialled party's status callback: the moment a person answered, and who.</summary>
internal static class LegStatus
{
    /// <summary>Twilio reports the <c>answered</c> event with this CallStatus.</summary>
    private const string AnsweredStatus = "in-progress";

    public static async Task<Results<NoContent, ValidationProblem>> HandleAsync(HttpRequest request, HandoffQueue handoffs, TimeProvider time)
    {
        var (leg, problem) = await WebhookBinding.BindAsync(request);
        if (leg is null)
        {
            return problem!;
        }

        if (leg.ParentCallSid is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ParentCallSid"] = ["ParentCallSid is missing or malformed."] });
        }

        if (leg.CallStatus == AnsweredStatus)
        {
            // The record is the caller's call; this leg is one of the people rung for it, so only the URL knows the line.
            var answeredAt = Moments.EventTime(Moments.Now(time), leg.Timestamp);
            var update = CallbackUpdate.For(request, leg.ParentCallSid, calledNumber: null, new HandoffFacts
            {
                Answered = new Stamped(answeredAt, leg.To ?? "unknown"),
            });
            if (update.Key is not null)
            {
                handoffs.Enqueue(update);
            }
        }

        return TypedResults.NoContent();
    }
}
