using Microsoft.Extensions.Options;

namespace Ivr.Twilio;

/// <summary>
/// Lets a request through only when its X-Twilio-Signature was made with one of our auth tokens for the
/// public URL it was sent to. Anything else gets 403 before a handler runs, so nothing is recorded.
/// </summary>
internal sealed partial class ValidateTwilioSignatureFilter(
    IOptionsMonitor<TwilioOptions> options,
    ILogger<ValidateTwilioSignatureFilter> logger) : IEndpointFilter
{
    public const string SignatureHeader = "X-Twilio-Signature";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        IFormCollection form;
        try
        {
            form = await WebhookForm.ReadAsync(request, context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            // Too large, too many fields, or not a form at all: nothing Twilio sends, and nothing is recorded.
            LogUnreadableForm(logger, request.Path);
            return Hosting.RequestLimits.IsTooLarge(ex)
                ? Hosting.RequestLimits.TooLarge()
                : TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The request body is not a readable form.",
                    detail: $"Send application/x-www-form-urlencoded with at most {Hosting.RequestLimits.MaxFormFields} fields.");
        }

        var current = options.CurrentValue;
        var url = TwilioRequestUrl.For(request, current.PublicBaseUrl);
        if (!RequestSignature.IsValid(request.Headers[SignatureHeader], url, form, current.AuthTokens()))
        {
            LogRejected(logger, request.Path, request.Headers.ContainsKey(SignatureHeader));
            return TypedResults.Text("Twilio request validation failed.", statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected a webhook to {Path}: signature missing or invalid (header present: {HeaderPresent}). Check Twilio__PublicBaseUrl and the auth token.")]
    private static partial void LogRejected(ILogger logger, PathString path, bool headerPresent);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Rejected a webhook to {Path}: the form body could not be read.")]
    private static partial void LogUnreadableForm(ILogger logger, PathString path);
}
