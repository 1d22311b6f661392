using Microsoft.AspNetCore.Http.Features;

namespace Ivr.Hosting;

/// <summary>
/// Caps on what a request may carry, far above anything Twilio or an admin sends, so a hostile body costs little:
/// Twilio's webhooks are a few kilobytes with a few dozen fields; a line's rules are a few kilobytes of JSON.
/// </summary>
internal static class RequestLimits
{
    public const long MaxBodyBytes = 256 * 1024;
    public const int MaxFormFields = 500;
    public const int MaxFormValueBytes = 64 * 1024;
    public const int MaxFormKeyBytes = 1024;

    public static WebApplicationBuilder LimitRequests(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = MaxFormFields;
            form.ValueLengthLimit = MaxFormValueBytes;
            form.KeyLengthLimit = MaxFormKeyBytes;
        });
        return builder;
    }

    /// <summary>A body over the cap: 413 with the cap, as problem+json.</summary>
    public static bool IsTooLarge(Exception exception) =>
        exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };

    public static IResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large.",
        detail: $"Bodies are capped at {MaxBodyBytes / 1024} KiB.");
}
