using Ivr.Presence;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>
/// The person's side of an offer: the call Ivr places to a free person when a caller waits. They pick up, accept
/// (when the line screens), and are bridged to the caller who has waited longest; the call's end frees them.
/// </summary>
internal static class OfferWebhooks
{
    /// <summary>The offer call's <c>Url</c>: the person picked up.</summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> OfferAsync(
        HttpRequest request, CallPlanner planner, WaitingCallers waiting, PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        string line = request.Query[CallbackUrls.LineParameter].ToString();
        var person = call.To ?? "unknown";
        if (planner.Rules(line) is not { Queue: not null } rules || !waiting.AnyWaiting(line))
        {
            presence.Note(person, PresenceChanges.Void(call.CallSid, Moments.Now(time)));
            return new TwimlResult(new VoiceResponse(new Hangup())); // The caller stopped waiting meanwhile.
        }

        if (!rules.Screening)
        {
            presence.Note(person, PresenceChanges.TookOffer(call.CallSid, Moments.Now(time)));
        }

        return new TwimlResult(VoiceTwiml.ForOffer(rules, CallbackUrls.OfferAccepted(line), CallbackUrls.QueueBridged(line, person)));
    }

    /// <summary>A key pressed on a screened offer: the person takes the caller.</summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> AcceptedAsync(
        HttpRequest request, CallPlanner planner, PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        string line = request.Query[CallbackUrls.LineParameter].ToString();
        if (string.IsNullOrEmpty(call.Digits) || planner.Rules(line) is not { } rules || call.To is not { } person)
        {
            return new TwimlResult(new VoiceResponse(new Hangup()));
        }

        presence.Note(person, PresenceChanges.TookOffer(call.CallSid, Moments.Now(time)));
        return new TwimlResult(VoiceTwiml.ForTakingTheCaller(rules, CallbackUrls.QueueBridged(line, person)));
    }

    /// <summary>The offer call's status callback: it ended. A person it bridged is free after the line's wrap-up; one who let it go rests a while.</summary>
    public static async Task<Results<NoContent, ValidationProblem>> StatusAsync(
        HttpRequest request, CallPlanner planner, PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        if (call.To is { } person && CallStatus.IsFinal(call.CallStatus))
        {
            var line = planner.Rules(request.Query[CallbackUrls.LineParameter].ToString());
            presence.Note(person, PresenceChanges.Ended(call.CallSid, Moments.EventTime(Moments.Now(time), call.Timestamp), TimeSpan.FromSeconds(line?.WrapUpSeconds ?? 0), wasAnswered: call.CallStatus == "completed"));
        }

        return TypedResults.NoContent();
    }
}
