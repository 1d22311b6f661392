using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>The <c>&lt;Dial&gt;</c> action: record how the ringing ended and tell Twilio what comes next.</summary>
internal static class DialEnded
{
    public static async Task<Results<TwimlResult, ValidationProblem>> HandleAsync(
        HttpRequest request,
        ILineDirectory lines,
        HandoffQueue handoffs,
        TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var update = CallbackUpdate.For(request, call.CallSid, call.To, new HandoffFacts
        {
            DialEnded = new Stamped(Moments.Now(time), call.DialCallStatus ?? (call.DialBridged == true ? "completed" : "unknown")),
        });
        handoffs.Enqueue(update);

        var rule = lines.Find(update.Line);
        var next = Router.AfterDialEnded(rule, call.DialCallStatus, call.DialBridged);
        return new TwimlResult(VoiceTwiml.AfterDial(next, rule, CallbackUrls.For(update.Key)));
    }
}
