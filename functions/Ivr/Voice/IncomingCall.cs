using Ivr.Handoffs;
using Ivr.Privacy;
using Ivr.Routing;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ivr.Voice;

/// <summary>A call reaches a business line: ring its people at once, and note that the call arrived.</summary>
internal static partial class IncomingCall
{
    public static async Task<Results<TwimlResult, ValidationProblem>> HandleAsync(
        HttpRequest request,
        ILineDirectory lines,
        IOptions<IvrOptions> options,
        CallerHasher callerHasher,
        HandoffQueue handoffs,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var (call, problem) = await WebhookBinding.BindAsync(request);
        if (call is null)
        {
            return problem!;
        }

        var now = Moments.Now(time);
        var decision = Router.Decide(lines.Find(call.To), call.To, now, options.Value.FallbackNumber!);
        var key = new HandoffKey(LineKey.For(call.To), now, call.CallSid);
        var logger = loggers.CreateLogger(typeof(IncomingCall));
        LogDecision(logger, call.CallSid, key.Line, decision.Reason);

        handoffs.Enqueue(new HandoffUpdate(call.CallSid, key.Line, key, new HandoffFacts
        {
            ArrivedAt = now,
            CallerHash = callerHasher.Hash(call.From),
            Route = decision is RingPeople ? "people" : "fallback",
        }));
        return new TwimlResult(VoiceTwiml.ForIncoming(decision, CallbackUrls.For(key)));
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Call {CallSid} to line {Line}: {Reason}.")]
    private static partial void LogDecision(ILogger logger, string callSid, string line, string reason);
}
