using Ivr.Handoffs;
using Ivr.Presence;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Telemetry;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

/// <summary>
/// A call reaches a business line: plan its route, ring the first people at once, and note that the call arrived.
/// Every call starts here, so the endpoint is one instance holding its services (all singletons), resolved once,
/// instead of nine lookups in the request's scope on every call.
/// </summary>
internal sealed partial class IncomingCall(
    CallPlanner planner,
    HandoffQueue handoffs,
    TimeProvider time,
    CallMetrics metrics,
    PresenceBoard presence,
    WaitingCallers waiting,
    PendingCallbacks callbacks,
    ILogger<IncomingCall> logger)
{
    public async ValueTask<Results<TwimlResult, ValidationProblem>> HandleAsync(HttpRequest request)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var now = Moments.Now(time);
        var rules = await planner.RulesForArrivalAsync(call.To, request.HttpContext.RequestAborted);
        var logDecision = logger.IsEnabled(LogLevel.Information);
        var (plan, route, key, callerHash) = await AnswerAsync(planner, rules, call.To, call.From, call.CallSid, now, logDecision, request.HttpContext.RequestAborted);
        if (logDecision)
        {
            var path = string.Join(" ", plan.Path);
            LogDecision(logger, call.CallSid, key.Line, path);
        }

        var routeName = RouteName(plan.Kind);
        metrics.Decided(CallDecisions.ForArrival(plan), key.Line, routeName);
        handoffs.Enqueue(new HandoffUpdate(call.CallSid, key.Line, key, new HandoffFacts
        {
            ArrivedAt = now,
            CallerHash = callerHash,
            Route = routeName,
        }));
        var twiml = VoiceTwiml.ForIncoming(plan, key, route, FreeAt(rules, key.Line, now, presence, waiting, callbacks));
        QueueEntry.Note(twiml, key, now, waiting, handoffs);
        return new TwimlResult(twiml);
    }

    /// <summary>
    /// The plan and TwiML inputs for a call arriving now under <paramref name="rules"/>; dry runs use it too, so they
    /// predict exactly. The route carries the caller's hash only where sticky routing needs it; the plan carries its path
    /// through the rules only when <paramref name="explain"/> is set.
    /// </summary>
    public static async ValueTask<(RoutePlan Plan, CallRoute Route, HandoffKey Key, string? CallerHash)> AnswerAsync(
        CallPlanner planner, Rules.LineRules? rules, string? calledNumber, string? caller, string callSid, DateTimeOffset now, bool explain, CancellationToken cancellationToken)
    {
        var (plan, sticky, callerHash) = await planner.PlanArrivalAsync(rules, calledNumber, caller, now, explain, cancellationToken);
        var key = new HandoffKey(LineKey.For(calledNumber), now, callSid);
        return (plan, new CallRoute(Sticky: sticky, CallerHash: rules?.Sticky is null ? null : callerHash), key, callerHash);
    }

    /// <summary>
    /// Who may ring for a new caller (<see cref="PresenceBoard.RingableAt"/>), unless callers already wait in the line's
    /// queue or for a callback, whom the next free person is offered first: then nobody rings, and the new caller
    /// queues behind them.
    /// </summary>
    public static Func<Rules.RingTarget, bool> FreeAt(
        Rules.LineRules? rules, string line, DateTimeOffset now, PresenceBoard presence, WaitingCallers waiting, PendingCallbacks callbacks) =>
        rules?.Queue is not null && (waiting.AnyWaiting(line) || callbacks.AnyDue(line, now)) ? static _ => false : presence.RingableAt(rules, now);

    /// <summary>The <c>Route</c> column of the hand-off record.</summary>
    public static string RouteName(RouteKind kind) => kind switch
    {
        RouteKind.Open => "open",
        RouteKind.Closed => HandoffFacts.ClosedRoute,
        _ => "fallback",
    };

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Call {CallSid} to line {Line}: {Path}")]
    private static partial void LogDecision(ILogger logger, string callSid, string line, string path);
}
