using System.Text.Json;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Telemetry;

/// <summary>
/// The real handler process, with <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> pointing at a loopback stand-in for
/// Application Insights: a signed call goes through the webhooks, and what the Azure Monitor exporter sends is read
/// back — metrics, request telemetry and logs, correlated, and never the caller's number. What is read is what the
/// process sent by the time it stopped (SIGTERM flushes the exporters), so no assertion depends on how quickly the
/// exporter sends in the background.
/// </summary>
public sealed class ApplicationInsightsExportTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Caller = "+31655501234";
    private static readonly string[] Webhooks = ["/api/voice/incoming", "/api/voice/leg-status", "/api/voice/dial-ended", "/api/voice/call-status"];

    [Fact]
    public async Task ACallsDecisionsRequestsAndLogsReachApplicationInsightsWithoutTheCallersNumber()
    {
        await using var ingestion = await FakeIngestion.StartAsync();
        await using var ivr = await StartIvrAsync(ingestion, tracesSampled: "1.0");

        var call = new SimulatedCall(ivr.Twilio, IvrWithStorage.SupportLine, Caller);
        await call.ArriveAsync();
        await call.AnswerAsync(IvrWithStorage.SupportAgent);
        await call.DialEndsAsync("completed", bridged: true);
        await call.EndAsync();
        await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null);
        await ivr.Process.StopGracefullyAsync();

        Assert.True(
            Webhooks.All(route => Request(ingestion, route) is not null) && DecisionLog(ingestion, call.CallSid) is not null
                && Decisions(ingestion, "ring_group").Any() && Decisions(ingestion, "hang_up").Any() && Metrics(ingestion, "ivr.handoffs.written").Any()
                && Metrics(ingestion, "http.server.request.duration").Any(m => Property(m, "http.route") == "/api/voice/incoming"),
            "Missing a request per webhook, the decision log, the decisions, a hand-off write or the webhook's duration. Received: " + ingestion.Summary());

        // Decisions by line and route, as customMetrics with their attributes as customDimensions.
        var ringGroup = Decisions(ingestion, "ring_group").First();
        Assert.Equal("open", Property(ringGroup, "ivr.route"));
        Assert.True(Metrics(ingestion, "ivr.handoffs.written").Sum(m => Value(m)) >= 1);
        Assert.Contains(ingestion.OfType("RemoteDependencyData"), d => BaseData(d).GetProperty("name").GetString() == "ivr.handoffs.write");

        // The incoming webhook as request telemetry, named by its route, carrying the decision.
        var incoming = Request(ingestion, "/api/voice/incoming")!.Value;
        Assert.Equal("POST /api/voice/incoming", BaseData(incoming).GetProperty("name").GetString());
        Assert.Equal("200", BaseData(incoming).GetProperty("responseCode").GetString());
        Assert.Equal("ring_group", Property(incoming, "ivr.decision"));

        // Its log lands in the same operation, so a request's logs are one click away.
        var log = DecisionLog(ingestion, call.CallSid)!.Value;
        Assert.Equal(OperationId(incoming), OperationId(log));
        Assert.Equal(IvrWithStorage.SupportLine, Property(log, "Line"));
        // With the log on, the plan is explained: the path through the rules starts at the line's local time.
        Assert.StartsWith("Local time ", Property(log, "Path"), StringComparison.Ordinal);

        // The JSON escapes '+' (as \u002B), so the digits alone are searched for too.
        var leaks = new[] { Caller, Caller[1..], "%2B" + Caller[1..], "%2b" + Caller[1..], "0" + Caller[3..] }
            .SelectMany(form => ingestion.Raw.Split('\n').Where(item => item.Contains(form, StringComparison.Ordinal)))
            .Distinct()
            .ToList();
        Assert.True(leaks.Count == 0, $"The caller's number was sent to Application Insights in {leaks.Count} items:\n{string.Join('\n', leaks.Take(10))}");
    }

    [Fact]
    public async Task LogsAreSentEvenForRequestsTheTraceSamplerLeavesOut()
    {
        await using var ingestion = await FakeIngestion.StartAsync();
        await using var ivr = await StartIvrAsync(ingestion, tracesSampled: "0");
        var call = new SimulatedCall(ivr.Twilio, IvrWithStorage.SupportLine, Caller);

        await call.ArriveAsync();
        await ivr.Process.StopGracefullyAsync();

        Assert.True(DecisionLog(ingestion, call.CallSid) is not null, "No decision log of a request whose trace was not sampled. Received: " + ingestion.Summary());
        Assert.Null(Request(ingestion, "/api/voice/incoming"));
    }

    /// <summary>Ivr exporting to <paramref name="ingestion"/>, metrics every second, this fraction of traces sampled.</summary>
    private Task<RunningIvr> StartIvrAsync(FakeIngestion ingestion, string tracesSampled) => env.StartIvrAsync(settings =>
    {
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString;
        settings["Telemetry__MetricsInterval"] = "00:00:01";
        // The exporter's own usage statistics would go to Microsoft, not to the endpoint under test.
        settings["APPLICATIONINSIGHTS_STATSBEAT_DISABLED"] = "true";
        // A fixed ratio, so the assertions never depend on the default rate-limited sampler's budget.
        settings["OTEL_TRACES_SAMPLER"] = "microsoft.fixed_percentage";
        settings["OTEL_TRACES_SAMPLER_ARG"] = tracesSampled;
    });

    private static IEnumerable<JsonElement> Metrics(FakeIngestion ingestion, string name) =>
        ingestion.OfType("MetricData").Where(m => BaseData(m).GetProperty("metrics")[0].GetProperty("name").GetString() == name);

    private static double Value(JsonElement metric) => BaseData(metric).GetProperty("metrics")[0].GetProperty("value").GetDouble();

    private static IEnumerable<JsonElement> Decisions(FakeIngestion ingestion, string decision) =>
        Metrics(ingestion, "ivr.call.decisions").Where(m => Property(m, "ivr.decision") == decision && Property(m, "ivr.line") == IvrWithStorage.SupportLine);

    private static JsonElement? Request(FakeIngestion ingestion, string path) =>
        ingestion.OfType("RequestData").Cast<JsonElement?>().FirstOrDefault(r => new Uri(BaseData(r!.Value).GetProperty("url").GetString()!).AbsolutePath == path);

    private static JsonElement? DecisionLog(FakeIngestion ingestion, string callSid) =>
        ingestion.OfType("MessageData").Cast<JsonElement?>().FirstOrDefault(m => Property(m!.Value, "CallSid") == callSid && Property(m!.Value, "EventId") == "2001");

    private static JsonElement BaseData(JsonElement envelope) => envelope.GetProperty("data").GetProperty("baseData");

    private static string? OperationId(JsonElement envelope) =>
        envelope.GetProperty("tags").TryGetProperty("ai.operation.id", out var id) ? id.GetString() : null;

    private static string? Property(JsonElement envelope, string name) =>
        BaseData(envelope).TryGetProperty("properties", out var properties) && properties.TryGetProperty(name, out var value) ? value.GetString() : null;
}
