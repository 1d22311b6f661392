using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>The <c>&lt;Record&gt;</c> action: the caller left a message (or hung up without one).</summary>
internal static class Voicemail
{
    public static async Task<Results<TwimlResult, ValidationProblem>> HandleAsync(
        HttpRequest request,
        CallPlanner planner,
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
            Voicemail = call.RecordingUrl is null ? null : new Stamped(Moments.Now(time), call.RecordingUrl),
        });
        if (update.Facts.Voicemail is not null)
        {
            handoffs.Enqueue(update);
        }

        return new TwimlResult(VoiceTwiml.AfterVoicemail(planner.Rules(update.Line)));
    }
}
