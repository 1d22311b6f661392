using Ivr.Handoffs;
using Ivr.Presence;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Telemetry;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>The <c>&lt;Dial&gt;</c> action: record how the ringing ended and ring the next people, or end the call.</summary>
internal static class DialEnded
{
    public static async Task<Results<TwimlResult, ValidationProblem>> HandleAsync(
        HttpRequest request,
        CallPlanner planner,
        HandoffQueue handoffs,
        TimeProvider time,
        CallMetrics metrics,
        PresenceBoard presence,
        WaitingCallers waiting)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var now = Moments.Now(time);
        var update = CallbackUpdate.For(request, call.CallSid, call.To, new HandoffFacts
        {
            DialEnded = new Stamped(now, call.DialCallStatus ?? (call.DialBridged == true ? "completed" : "unknown")),
        });
        handoffs.Enqueue(update);

        var route = CallbackUrls.RouteFrom(request);
        var plan = planner.Replan(update.Line, call.From, update.Key?.ArrivedAt ?? now, route.Choice, route.Sticky);
        var afterDial = Router.AfterDial(plan, route.Step, call.DialCallStatus, call.DialBridged);
        metrics.Decided(CallDecisions.AfterDial(afterDial), update.Line, IncomingCall.RouteName(plan.Kind));
        var twiml = afterDial switch
        {
            RingNext next => VoiceTwiml.ForStep(plan, route with { Step = next.Index }, update.Key, presence.RingableAt(plan.Line, now)),
            EndCall end => VoiceTwiml.ForEnding(end.Ending, plan.Line, CallbackUrls.For(update.Key, route)),
            _ => new VoiceResponse(new Hangup()),
        };
        QueueEntry.Note(twiml, update.Key, now, waiting, handoffs);
        return new TwimlResult(twiml);
    }
}
