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
        if (call.RecordingUrl is not null)
        {
            handoffs.Enqueue(new HandoffUpdate(call.CallSid, line, key, new HandoffFacts
            {
                ArrivedAt = key?.ArrivedAt,
                Voicemail = new Stamped(Moments.Now(time), call.RecordingUrl),
            }));
        }

        return new TwimlResult(VoiceTwiml.AfterVoicemail(lines.Find(line)));
    }
}
