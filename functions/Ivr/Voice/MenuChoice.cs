using Ivr.Handoffs;
using Ivr.Presence;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Telemetry;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>The menu's <c>&lt;Gather&gt;</c> action: the caller pressed a digit, so ring the group it names first.</summary>
internal static class MenuChoice
{
    public static async Task<Results<TwimlResult, ValidationProblem>> HandleAsync(
        HttpRequest request, CallPlanner planner, TimeProvider time, CallMetrics metrics, PresenceBoard presence, WaitingCallers waiting, PendingCallbacks callbacks, HandoffQueue handoffs)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var key = CallbackUrls.KeyFrom(request, call.CallSid);
        var route = CallbackUrls.RouteFrom(request);
        route = route with { Step = 0, Choice = Menu.Digit(call.Digits) };
        var line = key?.Line ?? LineKey.For(call.To);
        var now = Moments.Now(time);
        var plan = planner.Replan(line, call.From, key?.ArrivedAt ?? now, route.Choice, route.Sticky);
        metrics.Decided(CallDecisions.MenuChoice, line, IncomingCall.RouteName(plan.Kind));
        var twiml = VoiceTwiml.ForStep(plan, route, key, IncomingCall.FreeAt(plan.Line, line, now, presence, waiting, callbacks));
        QueueEntry.Note(twiml, key ?? new HandoffKey(line, now, call.CallSid), now, waiting, handoffs);
        return new TwimlResult(twiml);
    }
}
