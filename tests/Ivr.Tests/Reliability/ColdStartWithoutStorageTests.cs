using System.Diagnostics;
using Ivr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ivr.Tests.Reliability;

/// <summary>
/// An instance starts while storage is down, so it has never loaded any rules: it still answers every call, while
/// storage is still down, with TwiML that dials the fallback number, and rings the lines' people once storage is back.
/// How fast it answers is a figure (docs/reliability.md), not an assertion.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
[Trait(Tier.Name, Tier.All)]
public sealed class ColdStartWithoutStorageTests(IvrWithStorage env, ITestOutputHelper output)
{
    [Fact]
    public async Task StartedWithStorageDown_AnswersWithTheFallbackNumber_ThenRingsTheLinesPeopleOnceStorageIsBack()
    {
        // The lines exist in storage (created through another instance), but this instance cannot read them.
        var table = HandoffRecords.UniqueTableName();
        await using (await env.StartIvrAsync(table: table))
        {
        }

        using var link = new NetworkLink(env.Azurite.Port);
        link.Cut();
        var startClock = Stopwatch.StartNew();
        await using var ivr = await env.StartIvrAsync(
            settings =>
            {
                settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port);
                settings["Rules__RefreshInterval"] = "00:00:01";
            },
            seedLines: false,
            table: table);
        var startedIn = startClock.Elapsed;
        using var load = new CallLoad();
        var target = ivr.Process.BaseAddress;

        // The very first call pays for the new process's JIT, as a real cold start does; then a second's worth of calls.
        var firstCall = new LoadCall(IvrWithStorage.SupportLine, CallKind.Answered);
        await load.FullLifecycleAsync(target, firstCall);
        var firstCallMs = Assert.Single(load.Incoming).LatencyMs;
        var loadStart = load.NowMs;
        var coldCalls = await load.RunAsync(ReliabilityScale.ColdStartCalls, TimeSpan.FromSeconds(1), call => load.FullLifecycleAsync(target, call));
        var coldSamples = load.IncomingBetween(loadStart, load.NowMs);
        coldCalls.Add(firstCall);
        // The writer learns storage is down at its first attempt, which a machine busy with other tests can delay past
        // the last call: health is read until it says so, for up to 30 s, storage still down.
        var health = await HealthReport.ReadAsync(load.Http, target);
        for (var waited = 0; health.Report!.StorageReachable && waited < 150; waited++)
        {
            await Task.Delay(200);
            health = await HealthReport.ReadAsync(load.Http, target);
        }

        link.Restore();
        var restoredAt = load.NowMs;
        var ringing = new List<LoadCall>();
        LoadCall probe;
        do
        {
            await Task.Delay(200);
            probe = new LoadCall(IvrWithStorage.SupportLine, CallKind.Answered);
            ringing.Add(probe);
            await load.FullLifecycleAsync(target, probe);
        }
        while (probe.FirstParty != IvrWithStorage.SupportAgent && load.NowMs - restoredAt < 30_000);
        var rulesBackAfter = load.NowMs - restoredAt;

        var all = coldCalls.Concat(ringing).ToList();
        var (check, took) = await RecordCheck.WaitAsync(ivr.Records, all, TimeSpan.FromSeconds(60));
        var figures = new Figures
        {
            Scenario = "cold-start-without-storage",
            Calls = coldCalls.Count,
            CallsPerSecond = ReliabilityScale.ColdStartCalls,
            Requests = load.Requests,
            RecordsExpected = all.Count,
            RecordsFound = check.Found,
            Duplicates = check.Duplicates,
            LostUpdates = check.LostUpdates + check.MissingRecords,
            RecoverySeconds = Math.Round(rulesBackAfter / 1000, 1),
            DurationSeconds = Math.Round(startedIn.TotalSeconds, 1),
            Notes = $"started (listening) in {startedIn.TotalSeconds:0.0} s with storage down (duration column); first call (JIT) answered in {firstCallMs:0} ms; " +
                $"{coldSamples.Count(s => s.DialsFallback)}/{coldSamples.Count} calls dialled the fallback number; health: {health.Report}; " +
                $"the lines' people rang {rulesBackAfter / 1000:0.0} s after storage came back (recovery column); all records written {took.TotalSeconds:0.0} s later",
        }.WithIncoming(coldSamples);
        figures.Write(output);
        figures.WriteLog("ivr", ivr.Process.Output);
        output.WriteLine(check.ToString());

        Assert.Equal(coldCalls.Count - 1, coldSamples.Count);
        Assert.Equal(IvrProcess.FallbackNumber, firstCall.FirstParty);
        Assert.All(coldSamples, s => Assert.True(s.DialsFallback, $"a call during the cold start answered {s.Status} without dialling the fallback number"));
        Assert.False(health.Report!.StorageReachable);
        Assert.Equal(IvrWithStorage.SupportAgent, probe.FirstParty);
        Assert.True(check.Holds, check.ToString());
        Assert.Equal(all.Count, check.Rows);
    }
}
