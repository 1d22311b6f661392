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

        var key = CallbackUrls.KeyFrom(request, call.CallSid);
        var line = key?.Line ?? LineKey.For(call.To);
        handoffs.Enqueue(new HandoffUpdate(call.CallSid, line, key, new HandoffFacts
        {
            ArrivedAt = key?.ArrivedAt,
            DialEnded = new Stamped(Moments.Now(time), call.DialCallStatus ?? (call.DialBridged == true ? "completed" : "unknown")),
        }));

        var rule = lines.Find(line);
        var next = Router.AfterDialEnded(rule, call.DialCallStatus, call.DialBridged);
        var urls = key is not null ? CallbackUrls.For(key) : CallbackUrls.For(new HandoffKey(line, Moments.Now(time), call.CallSid));
        return new TwimlResult(VoiceTwiml.AfterDial(next, rule, urls));
    }
}
