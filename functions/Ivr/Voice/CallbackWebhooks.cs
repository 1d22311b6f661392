using Ivr.Handoffs;
using Ivr.Presence;
using Ivr.Privacy;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Storage;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>
/// A callback from its press to the bridge. The waiting caller presses 1 and leaves the queue, keeping their place;
/// when their turn comes the dispatcher calls a free person, who hears whom it is for and presses a key; only then does
/// Ivr dial the caller from the line's number. A machine or no answer is an attempt that failed: the person is told and
/// free at once, and the callback tries again later, until its last attempt. The number is deleted when it ends.
/// </summary>
internal static class CallbackWebhooks
{
    /// <summary>How long past its ring time an attempt keeps its callback reserved, should its callbacks never come.</summary>
    private static readonly TimeSpan AttemptSlack = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The waiting caller pressed a key during the wait. A 1, while they wait and callbacks are on, stores the callback
    /// (their number sealed) in their place and takes them out of the queue; anything else, a press replayed after they
    /// left, or storage trouble leaves them waiting as they were.
    /// </summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> RequestAsync(
        HttpRequest request, CallPlanner planner, WaitingCallers waiting, PendingCallbacks callbacks, CallbackStore store,
        CallbackNumbers numbers, CallbackRecords records, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var key = CallbackUrls.KeyFrom(request, call.CallSid);
        var now = Moments.Now(time);
        if (call.Digits != "1" || key is null || planner.Rules(key.Line) is not { Queue.Callback: { } rules } line
            || !numbers.Configured || string.IsNullOrEmpty(call.From))
        {
            return KeepWaiting;
        }

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
            limit.CancelAfter(StorageLimit);
            // Only a caller still waiting: a press replayed after they left finds nobody.
            if (await waiting.FindAsync(line.Number, call.CallSid, limit.Token) is not { } waiter)
            {
                return KeepWaiting;
            }

            var callback = new PendingCallback(line.Number, call.CallSid, waiter.QueuedAt, now, now + rules.ExpiresAfter, numbers.Seal(call.From, line.Number, call.CallSid))
            {
                ArrivedAt = key.ArrivedAt,
            };
            if (!await store.AddAsync(callback, limit.Token))
            {
                return KeepWaiting; // Asked already: this press is a repeat.
            }

            callbacks.Note(callback);
            records.Requested(callback);
            return new TwimlResult(new VoiceResponse(new Leave()));
        }
        catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, request.HttpContext.RequestAborted))
        {
            return KeepWaiting; // Without the callback stored, leaving the queue would lose the caller's place.
        }
    }

    /// <summary>The offer call of a callback: the person picked up, and hears whom it is for.</summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> OfferAsync(
        HttpRequest request, CallPlanner planner, PendingCallbacks callbacks, PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var (line, callSid) = Named(request);
        var person = call.To ?? "unknown";
        // Read from storage: another instance may have reserved it a moment ago.
        var callback = await callbacks.FindAsync(line, callSid, request.HttpContext.RequestAborted);
        if (planner.Rules(line) is not { } rules || callback?.Person != person)
        {
            presence.Note(person, PresenceChanges.Void(call.CallSid, Moments.Now(time)));
            return new TwimlResult(new VoiceResponse(new Hangup())); // Ended or taken meanwhile.
        }

        return new TwimlResult(VoiceTwiml.ForCallbackOffer(rules, callback!.QueuedAt, CallbackUrls.CallbackAccepted(line, callSid)));
    }

    /// <summary>The person pressed a key: Ivr dials the caller, from the line's number.</summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> AcceptedAsync(
        HttpRequest request, CallPlanner planner, PendingCallbacks callbacks, CallbackNumbers numbers, CallbackRecords records,
        PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var (line, callSid) = Named(request);
        if (string.IsNullOrEmpty(call.Digits) || call.To is not { } person || planner.Rules(line) is not { } rules)
        {
            return new TwimlResult(new VoiceResponse(new Hangup()));
        }

        var now = Moments.Now(time);
        var until = now + TimeSpan.FromSeconds(VoicePrompts.CallbackRingSeconds) + AttemptSlack;
        var callback = await callbacks.ChangeAsync(line, callSid, CallbackChanges.Dialling(person, until), request.HttpContext.RequestAborted);
        if (callback is null)
        {
            return new TwimlResult(new VoiceResponse(new Hangup())); // No longer theirs.
        }

        if (numbers.Open(callback.SealedNumber, line, callSid) is not { } number)
        {
            // Sealed under another key: this callback can never be made. End it, and its sealed number with it.
            if (await callbacks.ChangeAsync(line, callSid, CallbackChanges.AttemptFailed(person, 0, TimeSpan.Zero, now), request.HttpContext.RequestAborted) is { } failed)
            {
                records.Ended(failed, now);
            }

            return new TwimlResult(VoiceTwiml.ForCallbackNotReached(rules, gaveUp: true));
        }

        presence.Note(person, PresenceChanges.TookOffer(call.CallSid, now));
        return new TwimlResult(VoiceTwiml.ForCallingBack(rules, number, CallbackUrls.CallbackAnswered(line, callSid, person), CallbackUrls.CallbackDialed(line, callSid, person)));
    }

    /// <summary>
    /// The caller's phone answered (the dialled number's url, with machine detection): a person is the hand-off, and the
    /// callback ends; a machine is an attempt that failed, and the caller's leg hangs up.
    /// </summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> AnsweredAsync(
        HttpRequest request, CallPlanner planner, PendingCallbacks callbacks, CallbackRecords records, PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var (line, callSid) = Named(request);
        string person = request.Query[CallbackUrls.PersonParameter].ToString();
        var now = Moments.Now(time);
        var aborted = request.HttpContext.RequestAborted;
        if (IsMachine(call.AnsweredBy))
        {
            await AttemptFailedAsync(planner.Rules(line), line, callSid, person, HandoffFacts.MachineAnswered, callbacks, records, now, aborted);
            return new TwimlResult(new VoiceResponse(new Hangup()));
        }

        // A person answered: they talk, whatever storage says. Only a callback that is surely not this attempt's hangs up.
        var connected = await callbacks.ChangeAsync(line, callSid, CallbackChanges.Connected(person), aborted);
        if (connected is null)
        {
            if (StillTheirs(callbacks, line, callSid, person) is not { } unstored)
            {
                return new TwimlResult(new VoiceResponse(new Hangup()));
            }

            callbacks.EndedUnstored(unstored);
            connected = unstored;
        }

        records.Connected(connected, person, now);
        presence.Note(person, PresenceChanges.Bridged(now));
        return new TwimlResult(new VoiceResponse());
    }

    /// <summary>The person's dial of the caller ended. If it did not reach the caller, the person is told, and free at once.</summary>
    public static async Task<Results<TwimlResult, ValidationProblem>> DialedAsync(
        HttpRequest request, CallPlanner planner, PendingCallbacks callbacks, CallbackRecords records, PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var (line, callSid) = Named(request);
        string person = request.Query[CallbackUrls.PersonParameter].ToString();
        var rules = planner.Rules(line);
        var now = Moments.Now(time);
        var aborted = request.HttpContext.RequestAborted;
        if (call.DialBridged == true)
        {
            return new TwimlResult(new VoiceResponse(new Hangup())); // They talked; the call is over.
        }

        // Not reached: no answer, busy, failed; or a machine, which its answer counted already.
        var failed = await AttemptFailedAsync(rules, line, callSid, person, call.DialCallStatus ?? "unknown", callbacks, records, now, aborted);
        if (failed is null)
        {
            failed = await callbacks.FindAsync(line, callSid, aborted);
            if (failed is null && call.DialBridged is null && call.DialCallStatus == "completed")
            {
                return new TwimlResult(new VoiceResponse(new Hangup())); // Connected, by its answer; this Twilio did not say it bridged.
            }
        }

        presence.Note(person, PresenceChanges.Ended(call.CallSid, now, TimeSpan.Zero, wasAnswered: true));
        return new TwimlResult(VoiceTwiml.ForCallbackNotReached(rules, gaveUp: failed is null || failed.Ended is not null));
    }

    /// <summary>The offer call of a callback ended. A callback its person never took goes back to waiting, in its place.</summary>
    public static async Task<Results<NoContent, ValidationProblem>> OfferStatusAsync(
        HttpRequest request, CallPlanner planner, PendingCallbacks callbacks, PresenceBoard presence, TimeProvider time)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        if (call.To is { } person && CallStatus.IsFinal(call.CallStatus))
        {
            var (line, callSid) = Named(request);
            var rules = planner.Rules(line);
            presence.Note(person, PresenceChanges.Ended(call.CallSid, Moments.EventTime(Moments.Now(time), call.Timestamp), TimeSpan.FromSeconds(rules?.WrapUpSeconds ?? 0), wasAnswered: call.CallStatus == "completed"));
            await callbacks.ChangeAsync(line, callSid, CallbackChanges.Release(person), request.HttpContext.RequestAborted);
        }

        return TypedResults.NoContent();
    }

    private static readonly TimeSpan StorageLimit = TimeSpan.FromSeconds(3);

    private static TwimlResult KeepWaiting => new(new VoiceResponse());

    private static (string Line, string CallSid) Named(HttpRequest request) =>
        (request.Query[CallbackUrls.LineParameter].ToString(), request.Query[CallbackUrls.CallbackParameter].ToString());

    /// <summary>What this instance knows of a callback storage did not answer for: the attempt's, then it is connected.</summary>
    private static PendingCallback? StillTheirs(PendingCallbacks callbacks, string line, string callSid, string person) =>
        callbacks.Of(line).FirstOrDefault(c => c.CallSid == callSid && c.Person == person) is { } known ? known with { Ended = CallbackEnd.Connected } : null;

    private static bool IsMachine(string? answeredBy) => answeredBy is not null && (answeredBy.StartsWith("machine", StringComparison.Ordinal) || answeredBy == "fax");

    /// <summary>Counts a failed attempt on the callback and its record; null when the attempt was not this person's any more.</summary>
    private static async Task<PendingCallback?> AttemptFailedAsync(
        LineRules? rules, string line, string callSid, string person, string result, PendingCallbacks callbacks, CallbackRecords records, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = rules?.Queue?.Callback;
        var change = CallbackChanges.AttemptFailed(
            person,
            settings?.Attempts ?? RuleLimits.DefaultCallbackAttempts,
            settings?.RetryAfter ?? TimeSpan.FromMinutes(RuleLimits.DefaultCallbackRetryAfterMinutes),
            now);
        if (await callbacks.ChangeAsync(line, callSid, change, cancellationToken) is not { } failed)
        {
            return null;
        }

        records.AttemptFailed(failed, failed.Attempts, now, result);
        if (failed.Ended is not null)
        {
            records.Ended(failed, now);
        }

        return failed;
    }
}
