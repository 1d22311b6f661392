using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>
/// Call screening: the person who picks up hears who the call is for and presses a key to accept. A phone's own
/// voicemail presses nothing, hangs up after the timeout, and the caller moves on to the next people.
/// </summary>
internal static class Screening
{
    /// <summary>The dialled party's <c>url</c>: runs on their leg once they pick up, before the caller is connected.</summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> PromptAsync(HttpRequest request, CallPlanner planner)
    {
        var (leg, problem) = await WebhookBinding.BindAsync(request);
        if (leg is null)
        {
            return problem!;
        }

        string? line = request.Query[CallbackUrls.LineParameter];
        var rules = planner.Rules(line);
        var urls = CallbackUrls.For(CallbackUrls.KeyFrom(request, leg.ParentCallSid ?? leg.CallSid), CallbackUrls.RouteFrom(request));
        urls = CallbackUrls.GroupFrom(request) is { } group ? urls.InGroup(group) : urls;
        return new TwimlResult(VoiceTwiml.ForScreening(rules, rules?.Name ?? line ?? "this line", urls));
    }

    /// <summary>The screening prompt's action: a key was pressed (any key, <c>#</c> and <c>*</c> too), so this is the moment a person took the call.</summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> AcceptedAsync(
        HttpRequest request, HandoffQueue handoffs, StickyMemory sticky, TimeProvider time)
    {
        var (leg, problem) = await WebhookBinding.BindAsync(request);
        if (leg is null)
        {
            return problem!;
        }

        if (leg.ParentCallSid is null || string.IsNullOrEmpty(leg.Digits))
        {
            return new TwimlResult(new VoiceResponse(new Hangup()));
        }

        LegStatus.RecordAnswer(request, leg.ParentCallSid, leg.To, Moments.Now(time), handoffs, sticky);

        // An empty response ends the screening TwiML, and Twilio connects the two.
        return new TwimlResult(new VoiceResponse());
    }
}
