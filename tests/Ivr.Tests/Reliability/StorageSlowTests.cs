using Ivr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ivr.Tests.Reliability;

/// <summary>
/// Storage answers, but slowly (every request delayed by hundreds of ms), then stalls past the write pipeline's
/// attempt timeout: callers are answered all the same (while stalled, before storage has answered anything), the
/// write pipeline times out, retries with jitter and opens its circuit instead of piling up work, and every record
/// arrives once storage is quick again. The latencies are figures (docs/reliability.md), not assertions.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
[Trait(Tier.Name, Tier.All)]
public sealed class StorageSlowTests(IvrWithStorage env, ITestOutputHelper output)
{
    [Fact]
    public async Task StorageSlowThenStalledUnderLoad_EveryCallIsAnsweredBeforeStorageAnswers_AndRecordsCatchUp()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        await using var ivr = await env.StartIvrAsync(settings => settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port));
        using var load = new CallLoad();
        var target = ivr.Process.BaseAddress;
        var warmUp = await Scenario.WarmUpAsync(load, target);
        var rate = ReliabilityScale.SlowCallsPerSecond;

        // Baseline: the same load with storage quick.
        var baselineStart = load.NowMs;
        var baseline = await load.RunAsync(rate, ReliabilityScale.SlowBaseline, call => load.FullLifecycleAsync(target, call));
        var baselineSamples = load.IncomingBetween(baselineStart, load.NowMs);

        // Slow: every request to storage waits first.
        link.Delay = ReliabilityScale.SlowDelay;
        var slowStart = load.NowMs;
        var slowHealth = new List<HealthReport>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                slowHealth.Add((await HealthReport.ReadAsync(load.Http, target)).Report!);
                await Task.Delay(500, CancellationToken.None);
            }
        });
        var slow = await load.RunAsync(rate, ReliabilityScale.SlowPhase, call => load.FullLifecycleAsync(target, call));
        var slowSamples = load.IncomingBetween(slowStart, load.NowMs);

        // Stalled: nothing reaches storage until the link is released, longer than the pipeline's attempt timeout, so
        // every write times out. A few calls keep arriving, and every webhook of theirs is answered before the release.
        link.Delay = TimeSpan.Zero;
        link.Hold();
        var stallStart = load.NowMs;
        var stalled = await load.RunAsync(10, Ivr.Handoffs.HandoffWritePipeline.AttemptTimeout + TimeSpan.FromSeconds(2), call => load.FullLifecycleAsync(target, call));
        var stallSamples = load.IncomingBetween(stallStart, load.NowMs);
        // The first write held by the stall times out one attempt timeout after it began, which a machine busy with other
        // test runs can push past the end of the calls above: storage stays held until it has (or for 30 s).
        var stallLog = await LogOnceTheWritesTimedOutAsync(ivr.Process, TimeSpan.FromSeconds(30));
        await sampling.CancelAsync();
        await sampler;

        link.Release();
        var quickAgain = load.NowMs;
        var all = baseline.Concat(slow).Concat(stalled).Concat(warmUp).ToList();
        var (check, _) = await RecordCheck.WaitAsync(ivr.Records, all, TimeSpan.FromSeconds(90));

        var polly = Scenario.PollyEvents(stallLog);
        var baselineP99 = Figures.Percentile(baselineSamples.Select(s => s.LatencyMs), 99)!.Value;
        var stallP99 = Figures.Percentile(stallSamples.Select(s => s.LatencyMs), 99)!.Value;
        // The stall phase has few calls (10/s for 7 s), so its p99 is its slowest call: judge it by p95.
        var stallP95 = Figures.Percentile(stallSamples.Select(s => s.LatencyMs), 95)!.Value;
        var figures = new Figures
        {
            Scenario = "storage-slow",
            Calls = baseline.Count + slow.Count + stalled.Count,
            CallsPerSecond = rate,
            Requests = load.Requests,
            RecordsExpected = all.Count,
            RecordsFound = check.Found,
            Duplicates = check.Duplicates,
            LostUpdates = check.LostUpdates + check.MissingRecords,
            RecoverySeconds = Math.Round((load.NowMs - quickAgain) / 1000, 1),
            DurationSeconds = Math.Round((quickAgain - baselineStart) / 1000, 1),
            Notes = $"incoming p99: baseline {baselineP99} ms, storage +{ReliabilityScale.SlowDelay.TotalMilliseconds:0} ms per request (p50/p99/max columns), " +
                $"storage stalled past the {Ivr.Handoffs.HandoffWritePipeline.AttemptTimeout.TotalSeconds:0} s attempt timeout p95 {stallP95} ms, p99 {stallP99} ms; " +
                $"health while slow: max {slowHealth.Select(h => h.PendingCalls).DefaultIfEmpty().Max()} pending calls, max {slowHealth.Select(h => h.QueuedUpdates).DefaultIfEmpty().Max()} queued; " +
                $"Polly events: {Scenario.Describe(polly)}; writer outage lines: {Scenario.Count(stallLog, "Storage unavailable")}",
        }.WithIncoming(slowSamples);
        figures.Write(output);
        figures.WriteLog("ivr", ivr.Process.Output);
        output.WriteLine(check.ToString());

        // Every webhook was answered and rang a person; those of the stall while storage held every request, so before it
        // had answered any of their writes.
        Assert.Equal(0, load.Refused);
        Assert.All(load.Incoming, s => Assert.True(s.DialsPerson, $"incoming answered {s.Status} without dialling a person"));
        Assert.All(stalled, c => Assert.True(c.Complete, $"{c.CallSid} was not acknowledged throughout while storage was stalled"));
        Assert.Equal(stalled.Count, stallSamples.Count);
        Assert.True(polly.GetValueOrDefault("OnTimeout") > 0, "the write pipeline never timed out: " + Scenario.Describe(polly));
        Assert.True(polly.GetValueOrDefault("OnRetry") > 0, "the write pipeline never retried: " + Scenario.Describe(polly));

        // Afterwards, every acknowledged fact is in its call's one record (writes that timed out may have landed too).
        Assert.True(check.Holds, check.ToString());
        Assert.Equal(all.Count, check.Rows);
    }

    private static async Task<string> LogOnceTheWritesTimedOutAsync(IvrProcess ivr, TimeSpan limit)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(limit.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!Scenario.PollyEvents(ivr.Output).ContainsKey("OnTimeout") && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(200);
        }

        return ivr.Output;
    }
}
