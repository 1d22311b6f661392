using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ivr.Tests.Telemetry;

/// <summary>
/// A stand-in for Application Insights' ingestion endpoint on a loopback port: it takes what the Azure Monitor
/// exporter posts to <c>/v2.1/track</c> (newline-delimited JSON envelopes, usually gzip'd), keeps every byte for
/// assertions, and accepts it all as the service would.
/// </summary>
internal sealed class FakeIngestion : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> payloads = new();
    private readonly ConcurrentQueue<JsonElement> items = new();

    private FakeIngestion(WebApplication app) => this.app = app;

    /// <summary>Where the exporter sends: an Application Insights connection string naming this endpoint.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Every envelope received so far: <c>{ name, time, iKey, tags, data: { baseType, baseData } }</c>.</summary>
    public IReadOnlyList<JsonElement> Items => [.. items];

    /// <summary>Everything received, decompressed, as text.</summary>
    public string Raw => string.Join('\n', payloads);

    public static async Task<FakeIngestion> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var ingestion = new FakeIngestion(app);
        app.MapPost("/{version}/track", ingestion.TrackAsync);
        await app.StartAsync();
        var address = app.Urls.Single();
        ingestion.ConnectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={address}/";
        return ingestion;
    }

    /// <summary>The envelopes of one kind (<c>RequestData</c>, <c>MetricData</c>, <c>MessageData</c>, <c>RemoteDependencyData</c>…).</summary>
    public IEnumerable<JsonElement> OfType(string baseType) =>
        Items.Where(item => item.TryGetProperty("data", out var data) && data.GetProperty("baseType").GetString() == baseType);

    /// <summary>What arrived, one line per kind of item (metrics by name), with counts.</summary>
    public string Summary() => string.Join(", ", Items
        .Select(item => item.GetProperty("data") is var data && data.GetProperty("baseType").GetString() is "MetricData"
            ? "metric " + data.GetProperty("baseData").GetProperty("metrics")[0].GetProperty("name").GetString()
            : data.GetProperty("baseType").GetString() + " " + (data.GetProperty("baseData").TryGetProperty("name", out var name) ? name.GetString() : ""))
        .CountBy(kind => kind)
        .Select(kind => $"{kind.Key} ×{kind.Value}"));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task TrackAsync(HttpContext context)
    {
        Stream body = context.Request.Body;
        if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        string text;
        using (var reader = new StreamReader(body, Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync(context.RequestAborted);
        }

        payloads.Enqueue(text);
        var count = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var envelope = JsonDocument.Parse(line);
            items.Enqueue(envelope.RootElement.Clone());
            count++;
        }

        await context.Response.WriteAsJsonAsync(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() }, context.RequestAborted);
    }
}
