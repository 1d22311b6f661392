using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Telemetry;
using Ivr.Twilio.Twiml;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Ivr.Voice;

/// <summary>
/// The last line of defence for callers: if anything fails while answering a signed webhook, Twilio still gets
/// TwiML that dials the fallback number, never a 500 (which the caller would hear as "an application error").
/// </summary>
internal sealed partial class FallbackOnFailureFilter(IOptions<IvrOptions> options, CallMetrics metrics, ILogger<FallbackOnFailureFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
#pragma warning disable CA1031 // Any failure at all must still put the caller through.
        catch (Exception ex) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, context.HttpContext.Request.Path);
            metrics.Decided(CallDecisions.FailureFallback, LineOf(context.HttpContext.Request));
            return new TwimlResult(VoiceTwiml.ForFallback(options.Value.FallbackNumber!, options.Value.FallbackRingTimeoutSeconds));
        }
    }

    /// <summary>
    /// The line, as far as a failed request still tells it: the signed callback URL's, else the form's called number
    /// (the signature filter has read the form already, so this reads no body).
    /// </summary>
    private static string LineOf(HttpRequest request)
    {
        string? line = request.Query[CallbackUrls.LineParameter];
        if (LineKey.IsValid(line))
        {
            return line!;
        }

        return request.HttpContext.Features.Get<IFormFeature>()?.Form is { } form ? LineKey.For(form["To"]) : LineKey.Unknown;
    }

    [LoggerMessage(EventId = 2901, Level = LogLevel.Error, Message = "Answering {Path} failed; the caller is sent to the fallback number.")]
    private static partial void LogFailed(ILogger logger, Exception exception, PathString path);
}
