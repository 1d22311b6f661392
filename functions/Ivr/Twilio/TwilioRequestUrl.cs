using Microsoft.AspNetCore.Http.Features;

namespace Ivr.Twilio;

/// <summary>Rebuilds the URL Twilio called, which is what Twilio signed.</summary>
internal static class TwilioRequestUrl
{
    public static string For(HttpRequest request, Uri? publicBaseUrl)
    {
        var pathAndQuery = RawPathAndQuery(request);
        if (publicBaseUrl is not null)
        {
            return publicBaseUrl.GetLeftPart(UriPartial.Authority) + pathAndQuery;
        }

        // Behind the Functions host (proxy mode) Host is 127.0.0.1:<port>; the public host arrives as X-Forwarded-Host.
        var scheme = FirstValue(request.Headers["X-Forwarded-Proto"]) ?? request.Scheme;
        var host = PublicHost(request);
        return $"{scheme}://{host}{pathAndQuery}";
    }

    /// <summary>The host the caller used: the first X-Forwarded-Host behind the Functions host's proxy, else Host.</summary>
    public static string PublicHost(HttpRequest request) => FirstValue(request.Headers["X-Forwarded-Host"]) ?? request.Host.Value ?? "";

    /// <summary>The request target exactly as it came over the wire, so the query keeps its encoding.</summary>
    private static string RawPathAndQuery(HttpRequest request)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return rawTarget is { Length: > 0 } && rawTarget[0] == '/'
            ? rawTarget
            : request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }

    private static string? FirstValue(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var comma = header.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? header : header[..comma]).Trim();
    }
}
