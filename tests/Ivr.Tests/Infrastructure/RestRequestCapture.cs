using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP listener that records every request exactly as it arrived (method, path, query, headers, raw body),
/// whoever sends it, and answers as Twilio's REST API would: 201 with a new call's JSON, or the answer queued with
/// <see cref="AnswerNext"/>. Unlike <see cref="TwilioRestStandIn"/> it checks nothing, so two clients' requests can be compared.
/// </summary>
internal sealed class RestRequestCapture : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<CapturedRequest> requests = new();
    private readonly ConcurrentQueue<(int Status, string ContentType, string Body, int? RetryAfterSeconds)> answers = new();

    private RestRequestCapture(WebApplication app) => this.app = app;

    public Uri BaseAddress => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    public IReadOnlyList<CapturedRequest> Requests => [.. requests];

    /// <summary>
    /// The next request is answered with <paramref name="status"/> and <paramref name="body"/> instead of a new call
    /// (with a <c>Retry-After</c> header when <paramref name="retryAfterSeconds"/> is given).
    /// </summary>
    public void AnswerNext(int status, string body, string contentType = "application/json", int? retryAfterSeconds = null) =>
        answers.Enqueue((status, contentType, body, retryAfterSeconds));

    public static async Task<RestRequestCapture> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var capture = new RestRequestCapture(app);
        app.Run(capture.RecordAsync);
        await app.StartAsync();
        return capture;
    }

    private async Task RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = context.Request;
        var sid = SimulatedCall.NewSid("CA");
        requests.Enqueue(new CapturedRequest(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            sid));

        var (status, contentType, answer, retryAfter) = answers.TryDequeue(out var queued)
            ? queued
            : (201, "application/json", $$"""{ "sid": "{{sid}}", "status": "queued", "direction": "outbound-api" }""", null);
        context.Response.StatusCode = status;
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>One request as it arrived, and the call sid it was answered with (unless another answer was queued).</summary>
internal sealed record CapturedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, string AnsweredSid)
{
    /// <summary>The form fields, repeated names kept, in a fixed order (by name, then value): the order they were sent in does not matter.</summary>
    public IReadOnlyList<(string Name, string Value)> Form =>
        [.. FormFields.Parse(Body).Select(f => (f.Key, f.Value)).OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal)];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The media type of the body, without parameters such as charset.</summary>
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>The user and password of Basic authentication, or null without it.</summary>
    public (string User, string Password)? BasicCredentials
    {
        get
        {
            var authorization = Header("Authorization");
            if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (decoded, "") : (decoded[..colon], decoded[(colon + 1)..]);
        }
    }
}
