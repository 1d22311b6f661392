using Ivr.Handoffs;
using Ivr.Presence;
using Ivr.Privacy;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>The waiting caller's side of a line's queue: what they hear, the moment a person takes them, and how they left.</summary>
internal static class QueueWebhooks
{
    /// <summary>
    /// The <c>&lt;Enqueue waitUrl&gt;</c>, asked again whenever its TwiML ends. Each request also keeps the caller listed
    /// as waiting (should this instance have missed it) and wakes the dispatcher: the safety sweep.
    /// </summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> WaitAsync(
        HttpRequest request, CallPlanner planner, WaitingCallers waiting, HandoffQueue handoffs, PresenceSignal signal, CallbackNumbers numbers, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var key = CallbackUrls.KeyFrom(request, call.CallSid);
        var line = key?.Line ?? LineKey.For(call.To);
        if (planner.Rules(line) is not { Queue: { } queue } rules)
        {
            return new TwimlResult(new VoiceResponse(new Leave())); // The line has no queue any more: on to how its calls end.
        }

        var waited = call.QueueTime ?? 0;
        var now = Moments.Now(time);
        QueueEntry.Joined(line, call.CallSid, key, now - TimeSpan.FromSeconds(waited), waiting, handoffs);
        signal.Notify();
        // A callback is offered while the line is open (someone can call back soon), once the caller has waited a while.
        var callbackUrl = queue.Callback is { } callback && numbers.Configured && key is not null
            && waited >= callback.OfferAfter.TotalSeconds && LineHours.IsOpen(rules, now)
                ? CallbackUrls.For(key).CallbackRequest
                : null;
        return new TwimlResult(VoiceTwiml.ForWaiting(rules, queue, call.QueuePosition ?? 0, waited, call.AvgQueueTime ?? 0, callbackUrl));
    }

    /// <summary>
    /// The queue's <c>url</c> on the waiting caller's side, run as a person takes them: the hand-off. The person is named
    /// by the URL, which Ivr gave the person's call and Twilio signed. The caller stops waiting before the person's offer
    /// stops counting, so the dispatcher never sees the caller waiting with no offer on its way.
    /// </summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> BridgedAsync(
        HttpRequest request, WaitingCallers waiting, HandoffQueue handoffs, PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var now = Moments.Now(time);
        var person = request.Query[CallbackUrls.PersonParameter].ToString() is { Length: > 0 } named ? named : null;
        var update = CallbackUpdate.For(request, call.CallSid, call.To, new HandoffFacts
        {
            Answered = new Stamped(now, person ?? "unknown", HandoffFacts.QueueGroup),
        });
        waiting.Left(update.Line, call.CallSid);
        if (person is not null)
        {
            presence.Note(person, PresenceChanges.Bridged(now));
        }

        handoffs.Enqueue(update);
        return new TwimlResult(new VoiceResponse());
    }

    /// <summary>
    /// The <c>&lt;Enqueue action&gt;</c>: the caller left the queue. One who pressed for a callback hears it confirmed;
    /// one who left at the line's limit (or could not wait) gets how the line's calls end.
    /// </summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> LeftAsync(
        HttpRequest request, CallPlanner planner, WaitingCallers waiting, HandoffQueue handoffs, PendingCallbacks callbacks, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var update = CallbackUpdate.For(request, call.CallSid, call.To, new HandoffFacts
        {
            QueueLeft = new Stamped(Moments.Now(time), call.QueueResult ?? "unknown"),
        });
        waiting.Left(update.Line, call.CallSid);
        handoffs.Enqueue(update);
        if (call.QueueResult is "bridged" or "hangup")
        {
            return new TwimlResult(new VoiceResponse(new Hangup()));
        }

        var rules = planner.Rules(update.Line);
        if (call.QueueResult == "leave" && await callbacks.FindAsync(update.Line, call.CallSid, request.HttpContext.RequestAborted) is not null)
        {
            return new TwimlResult(VoiceTwiml.ForCallbackConfirmed(rules));
        }

        return new TwimlResult(VoiceTwiml.ForEnding(rules?.WhenNobodyAnswers ?? Ending.Goodbye, rules, CallbackUrls.For(update.Key, CallbackUrls.RouteFrom(request))));
    }
}
