using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Hosting;

/// <summary>The answers of the server-rendered pages (the dashboard, the admin console).</summary>
internal static class HtmlPage
{
    /// <summary>A page under <paramref name="contentSecurityPolicy"/>: never sniffed, cached, or named as a referrer.</summary>
    public static ContentHttpResult Answer(HttpContext context, string html, int status, string contentSecurityPolicy)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
