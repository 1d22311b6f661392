using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Telemetry;
using Ivr.Tests.Infrastructure;
using Ivr.Voice;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Telemetry;

/// <summary>
/// The shapes of Ivr's own instruments, read in process with a <see cref="MeterListener"/> while signed calls go
/// through the webhooks (storage is a real Azurite): names, units and attributes, and never a caller's number.
/// </summary>
public sealed class IvrInstrumentsTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Caller = "+31655507777";

    [Fact]
    public async Task DecisionsAreCountedByLineAndRouteAndHandoffWritesAreMeasured()
    {
        var line = UniqueLine();
        var unknownLine = UniqueLine();
        var table = HandoffRecords.UniqueTableName();
        await using var app = App(table);
        using var recorder = new MeasurementRecorder(app.Services.GetRequiredService<IMeterFactory>());
        var http = app.CreateClient();
        await new AdminClient(http).CreateLineAsync(line, IvrWithStorage.SupportRules);
        var twilio = new TwilioWebhooks(http, env.Oracle, TwilioWebhooks.PublicBaseUrl);

        var call = new SimulatedCall(twilio, line, Caller);
        await call.ArriveAsync();
        await call.AnswerAsync(IvrWithStorage.SupportAgent);
        await call.DialEndsAsync("completed", bridged: true);
        await call.EndAsync();
        await new SimulatedCall(twilio, unknownLine, Caller).ArriveAsync();
        await new HandoffRecords(env.Azurite.ConnectionString, table).WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null);
        // The writer counts a transaction once it has returned, a moment after its rows can be read back.
        bool Counted() =>
            recorder.Of(HandoffMetrics.WrittenName).Sum(m => m.Value) >= 1
            && recorder.Activities.Any(a => a.OperationName == Ivr.Handoffs.HandoffWriter.WriteActivityName && (string?)a.GetTagItem("ivr.line") == line);
        for (var waited = 0; !Counted() && waited < 5000; waited += 50)
        {
            await Task.Delay(50);
        }

        recorder.Observe();

        var decisions = recorder.Of(CallMetrics.DecisionsName).ToList();
        Assert.All(decisions, d => Assert.Equal(1, d.Value));
        Assert.Contains(decisions, d => d.Tag("ivr.decision") == "ring_group" && d.Tag("ivr.line") == line && d.Tag("ivr.route") == "open");
        Assert.Contains(decisions, d => d.Tag("ivr.decision") == "hang_up" && d.Tag("ivr.line") == line && d.Tag("ivr.route") == "open");
        Assert.Contains(decisions, d => d.Tag("ivr.decision") == "no_rule" && d.Tag("ivr.line") == unknownLine && d.Tag("ivr.route") == "fallback");

        Assert.True(recorder.Of(HandoffMetrics.WrittenName).Sum(m => m.Value) >= 1, "No hand-off rows were counted as written.");
        var durations = recorder.Of(HandoffMetrics.WriteDurationName).ToList();
        Assert.NotEmpty(durations);
        Assert.All(durations, d => Assert.InRange(d.Value, 0.000_001, 30)); // seconds, not milliseconds
        Assert.Equal(1, Assert.Single(recorder.Of(HandoffMetrics.StorageReachableName)).Value);
        Assert.Single(recorder.Of(HandoffMetrics.QueuedName));
        Assert.Single(recorder.Of(HandoffMetrics.PendingName));
        Assert.Empty(recorder.Of(HandoffMetrics.DroppedName));

        var write = recorder.Activities.FirstOrDefault(a => a.OperationName == Ivr.Handoffs.HandoffWriter.WriteActivityName && (string?)a.GetTagItem("ivr.line") == line);
        Assert.NotNull(write);
        Assert.NotEqual(ActivityStatusCode.Error, write.Status);

        var leaks = recorder.Measurements.Where(m => m.Tags.Values.Any(v => v?.ToString()?.Contains(Caller[3..], StringComparison.Ordinal) == true)).ToList();
        Assert.Empty(leaks);
    }

    [Fact]
    public async Task AnAnswerThatFailedIsCountedAsAFailureFallbackOnItsLine()
    {
        await using var app = App(HandoffRecords.UniqueTableName(), services => services.AddSingleton<ILineDirectory, BrokenLineDirectory>());
        using var recorder = new MeasurementRecorder(app.Services.GetRequiredService<IMeterFactory>());
        var twilio = new TwilioWebhooks(app.CreateClient(), env.Oracle, TwilioWebhooks.PublicBaseUrl);

        await new SimulatedCall(twilio, IvrWithStorage.SupportLine, Caller).ArriveAsync();

        var decision = Assert.Single(recorder.Of(CallMetrics.DecisionsName));
        Assert.Equal("failure_fallback", decision.Tag("ivr.decision"));
        Assert.Equal(IvrWithStorage.SupportLine, decision.Tag("ivr.line"));
    }

    /// <summary>A line of its own, so activities from other apps in this process cannot be mistaken for this one's.</summary>
    private static string UniqueLine() => "+3120" + Random.Shared.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);

    private WebApplicationFactory<Program> App(string table, Action<IServiceCollection>? services = null) =>
        env.InProcess(table, host =>
        {
            if (services is not null)
            {
                host.ConfigureTestServices(services);
            }
        });

    private sealed class BrokenLineDirectory : ILineDirectory
    {
        public Ivr.Rules.LineRules? Find(string? number) => throw new InvalidOperationException("rules unavailable");
    }
}
