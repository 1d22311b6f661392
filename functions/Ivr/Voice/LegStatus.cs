using Ivr.Handoffs;
using Ivr.Presence;
using Ivr.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>A dialled party's status callback: the moment a person answered, and who.</summary>
internal static class LegStatus
{
    /// <summary>Twilio reports the <c>answered</c> event with this CallStatus.</summary>
    private const string AnsweredStatus = "in-progress";

    public static async Task<Results<NoContent, ValidationProblem>> HandleAsync(
        HttpRequest request, HandoffQueue handoffs, StickyMemory sticky, PresenceBoard presence, CallPlanner planner, TimeProvider time)
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

        var at = Moments.EventTime(Moments.Now(time), leg.Timestamp);
        if (leg.CallStatus == AnsweredStatus)
        {
            // The person's phone is off the hook, whether or not they go on to accept: busy until the leg ends.
            if (leg.To is { } person)
            {
                presence.Note(person, PresenceChanges.Answered(leg.CallSid, at));
            }

            // A screened leg that picks up may be a phone's voicemail: the hand-off is when the person accepts.
            if (!CallbackUrls.IsScreened(request))
            {
                RecordAnswer(request, leg.ParentCallSid, leg.To, at, handoffs, sticky);
            }
        }
        else if (CallStatus.IsFinal(leg.CallStatus) && leg.To is { } person)
        {
            var line = planner.Rules(request.Query[CallbackUrls.LineParameter].ToString());
            presence.Note(person, PresenceChanges.Ended(leg.CallSid, at, TimeSpan.FromSeconds(line?.WrapUpSeconds ?? 0), wasAnswered: leg.CallStatus == "completed"));
        }

        return TypedResults.NoContent();
    }

    /// <summary>
    /// Notes the hand-off on the caller's record (this leg is one of the people rung for it, so only the URL knows the
    /// line), and who answered, for sticky routing.
    /// </summary>
    public static void RecordAnswer(HttpRequest request, string parentCallSid, string? answeredBy, DateTimeOffset answeredAt, HandoffQueue handoffs, StickyMemory sticky)
    {
        var update = CallbackUpdate.For(request, parentCallSid, calledNumber: null, new HandoffFacts
        {
            Answered = new Stamped(answeredAt, answeredBy ?? "unknown", CallbackUrls.GroupFrom(request)),
        });
        if (update.Key is null)
        {
            return;
        }

        handoffs.Enqueue(update);
        if (CallbackUrls.RouteFrom(request).CallerHash is { } callerHash && answeredBy is not null)
        {
            sticky.Remember(update.Line, callerHash, answeredBy, answeredAt);
        }
    }
}
