using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// An HTTP relay in front of Azurite that makes storage refuse rows for a reason Ivr cannot foresee or fix: in a
/// table transaction, a string value that is exactly one of the <see cref="Refuse">refused texts</see> reaches
/// Azurite grown past Table Storage's 32K characters, so Azurite itself refuses the row (400
/// <c>PropertyValueTooLarge</c>, naming it). Every other request and byte passes through unchanged.
/// </summary>
internal sealed class RefusingStorage : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host", "Content-Length", "Expect",
    };

    private readonly WebApplication app;
    private readonly HttpClient azurite;
    private readonly ConcurrentDictionary<string, bool> refused = new(StringComparer.Ordinal);
    private int refusals;

    private RefusingStorage(WebApplication app, int azuritePort)
    {
        this.app = app;
        azurite = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{azuritePort}"),
        };
    }

    /// <summary>The Azurite connection string that goes through this relay.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Transactions sent on with a refused text made too long.</summary>
    public int Refusals => Volatile.Read(ref refusals);

    public static async Task<RefusingStorage> StartAsync(int azuritePort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var relay = new RefusingStorage(app, azuritePort);
        app.Run(relay.RelayAsync);
        await app.StartAsync();
        relay.ConnectionString = Azurite.ConnectionStringVia(new Uri(app.Urls.Single()).Port);
        return relay;
    }

    /// <summary>From now on, a transaction whose entity has a string value equal to <paramref name="text"/> is refused by storage.</summary>
    public void Refuse(string text) => refused[text] = true;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        azurite.Dispose();
    }

    private async Task RelayAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (HttpMethods.IsPost(request.Method) && request.Path.Value?.EndsWith("$batch", StringComparison.Ordinal) == true)
        {
            body = Poisoned(body);
        }

        // The raw target, exactly as the SDK wrote it: the request's signature covers its path.
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (body.Length > 0 || request.ContentLength is not null)
        {
            forward.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!HopByHop.Contains(name) && !forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await azurite.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>The transaction with each refused value (a whole JSON string) grown past the limit.</summary>
    private byte[] Poisoned(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var poisoned = text;
        foreach (var value in refused.Keys)
        {
            poisoned = poisoned.Replace($"\"{value}\"", $"\"{value}{new string('x', 40_000)}\"", StringComparison.Ordinal);
        }

        if (string.Equals(poisoned, text, StringComparison.Ordinal))
        {
            return body;
        }

        Interlocked.Increment(ref refusals);
        return Encoding.UTF8.GetBytes(poisoned);
    }
}
