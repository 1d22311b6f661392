using Ivr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ivr.Tests.Reliability;

/// <summary>
/// Storage goes down in the middle of sustained signed load and comes back: every caller still gets TwiML that rings
/// a person, and once storage is back every call has exactly one complete record. How fast is a figure
/// (docs/reliability.md), not an assertion.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
[Trait(Tier.Name, Tier.All)]
public sealed class StorageOutageUnderLoadTests(IvrWithStorage env, ITestOutputHelper output)
{
    [Fact]
    public async Task StorageDownUnderLoad_EveryCallRingsAPerson_AndAfterwardsEveryCallHasOneCompleteRecord()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        await using var ivr = await env.StartIvrAsync(settings => settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port));
        using var load = new CallLoad();
        var target = ivr.Process.BaseAddress;
        var warmUp = await Scenario.WarmUpAsync(load, target);

        var loadStart = load.NowMs;
        double cutAt = 0, restoredAt = 0;
        (int Status, HealthReport? Report) healthDuring = default;
        var outage = Task.Run(async () =>
        {
            await Task.Delay(ReliabilityScale.OutageStartsAfter);
            link.Cut();
            cutAt = load.NowMs;
            await Task.Delay(ReliabilityScale.OutageLength / 2);
            healthDuring = await HealthReport.ReadAsync(load.Http, target);
            await Task.Delay(ReliabilityScale.OutageLength / 2);
            link.Restore();
            restoredAt = load.NowMs;
        });
        var calls = await load.RunAsync(ReliabilityScale.OutageCallsPerSecond, ReliabilityScale.OutageLoad, call => load.FullLifecycleAsync(target, call));
        await outage;
        var loadEnd = load.NowMs;

        var all = calls.Concat(warmUp).ToList();
        var (check, _) = await RecordCheck.WaitAsync(ivr.Records, all, ReliabilityScale.OutageLength + TimeSpan.FromSeconds(60));
        var recovered = load.NowMs;
        var healthAfter = await HealthReport.ReadAsync(load.Http, target);

        var samples = load.IncomingBetween(loadStart, loadEnd);
        var duringOutage = load.IncomingBetween(cutAt, restoredAt);
        var polly = Scenario.PollyEvents(ivr.Process.Output);
        var figures = new Figures
        {
            Scenario = "storage-down-under-load",
            Calls = calls.Count,
            CallsPerSecond = ReliabilityScale.OutageCallsPerSecond,
            Requests = load.Requests,
            RecordsExpected = all.Count,
            RecordsFound = check.Found,
            Duplicates = check.Duplicates,
            LostUpdates = check.LostUpdates + check.MissingRecords,
            RecoverySeconds = Math.Round((recovered - restoredAt) / 1000, 1),
            DurationSeconds = Math.Round((loadEnd - loadStart) / 1000, 1),
            Notes = $"storage down {ReliabilityScale.OutageLength.TotalSeconds:0} s from {(cutAt - loadStart) / 1000:0.0} s; " +
                $"{duringOutage.Count} calls arrived while down (p99 {Figures.Percentile(duringOutage.Select(s => s.LatencyMs), 99)} ms); " +
                $"health while down: {healthDuring.Status} {healthDuring.Report}; after: {healthAfter.Report}; Polly events: {Scenario.Describe(polly)}",
        }.WithIncoming(samples);
        figures.Write(output);
        figures.WriteLog("ivr", ivr.Process.Output);
        output.WriteLine(check.ToString());

        // Every incoming webhook was answered, 200, with TwiML that rings a person, some while storage was down.
        Assert.Equal(0, load.Refused);
        Assert.Equal(calls.Count, samples.Count);
        Assert.All(samples, s => Assert.True(s.DialsPerson, $"incoming answered {s.Status} without dialling a person ({s.Error})"));
        Assert.NotEmpty(duringOutage);

        // While storage was down, the buffer held the updates, and health said so.
        Assert.Equal(200, healthDuring.Status);
        Assert.NotNull(healthDuring.Report);
        Assert.False(healthDuring.Report.StorageReachable);
        Assert.Equal("degraded", healthDuring.Report.Status);
        Assert.True(healthDuring.Report.PendingCalls + healthDuring.Report.QueuedUpdates > 0, healthDuring.Report.ToString());
        Assert.Contains("Storage unavailable", ivr.Process.Output, StringComparison.Ordinal);

        // Afterwards: one complete record per call, nothing else.
        Assert.True(check.Holds, check.ToString());
        Assert.All(calls, c => Assert.True(c.Complete, $"{c.CallSid} was not acknowledged throughout"));
        Assert.Equal(all.Count, check.Complete);
        Assert.Equal(all.Count, check.Rows);
        Assert.Equal("ok", healthAfter.Report!.Status);
    }
}
