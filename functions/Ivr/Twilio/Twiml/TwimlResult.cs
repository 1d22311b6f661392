namespace Ivr.Twilio.Twiml;

/// <summary>A minimal-API result that answers with TwiML as <c>text/xml</c>.</summary>
internal sealed class TwimlResult(VoiceResponse response) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string MediaType = "text/xml; charset=utf-8";

    public VoiceResponse Response { get; } = response;

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => MediaType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // The whole document first, so the answer carries its Content-Length and goes out in one write.
        using var xml = TwimlWriter.Render(Response);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = MediaType;
        httpContext.Response.ContentLength = xml.Written.Length;
        await httpContext.Response.Body.WriteAsync(xml.Written, httpContext.RequestAborted);
    }
}
