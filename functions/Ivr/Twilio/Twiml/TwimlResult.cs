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
        // Serialise to memory first: XmlWriter writes synchronously and Kestrel forbids synchronous body writes.
        using var buffer = new MemoryStream(capacity: 1024);
        TwimlWriter.Write(Response, buffer);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = MediaType;
        httpContext.Response.ContentLength = buffer.Length;
        await httpContext.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), httpContext.RequestAborted);
    }
}
