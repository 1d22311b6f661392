using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Telemetry;

/// <summary><c>Telemetry__Console=true</c> prints traces and metrics for local use; without it the console has logs only.</summary>
public sealed partial class ConsoleExportTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WithTelemetryConsoleTheDecisionsAndTheWebhookSpansArePrinted()
    {
        await using var ivr = await env.StartIvrAsync(settings =>
        {
            settings["Telemetry__Console"] = "true";
            settings["Telemetry__MetricsInterval"] = "00:00:01";
        });
        var call = ivr.NewCall();

        await call.ArriveAsync();
        await ivr.Process.Process.WaitForLineAsync(line => line.Contains("Metric Name: ivr.call.decisions", StringComparison.Ordinal), Wait);
        await ivr.Process.Process.WaitForLineAsync(DecisionPoint().IsMatch, Wait);
        // The span is printed when the request ends, which can come just after a metric export that already counted it.
        await ivr.Process.Process.WaitForLineAsync(IncomingSpan().IsMatch, Wait);

        Assert.DoesNotContain(call.Caller, ivr.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutItNoTracesOrMetricsArePrinted()
    {
        await using var ivr = await env.StartIvrAsync(settings => settings["Telemetry__MetricsInterval"] = "00:00:01");
        var call = ivr.NewCall();

        await call.ArriveAsync();
        await ivr.Process.Process.WaitForLineAsync(line => line.Contains(call.CallSid, StringComparison.Ordinal), Wait);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two metric intervals, had anything been listening

        var output = ivr.Process.Output;
        Assert.DoesNotContain("Metric Name:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Activity.TraceId:", output, StringComparison.Ordinal);
    }

    /// <summary>A data point of the decisions counter: its attributes on one line.</summary>
    [GeneratedRegex(@"ivr\.decision: ring_group ivr\.line: \+31201234567 ivr\.route: open")]
    private static partial Regex DecisionPoint();

    [GeneratedRegex(@"Activity\.DisplayName:\s+POST /api/voice/incoming")]
    private static partial Regex IncomingSpan();
}
