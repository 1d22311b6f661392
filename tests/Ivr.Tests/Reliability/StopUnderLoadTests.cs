using System.Diagnostics;
using Ivr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ivr.Tests.Reliability;

/// <summary>
/// The process stops under load: gracefully (SIGTERM, as on scale-in or a deployment), nothing acknowledged is lost;
/// killed (SIGKILL), at most what was acknowledged in the last moments is lost, and the calls' later callbacks to
/// another instance rebuild complete records.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
[Trait(Tier.Name, Tier.All)]
public sealed class StopUnderLoadTests(IvrWithStorage env, ITestOutputHelper output)
{
    [Fact]
    public async Task GracefulStopUnderLoad_FlushesTheBuffer_AndEveryAcknowledgedUpdateIsRecorded()
    {
        await using var ivr = await env.StartIvrAsync();
        using var load = new CallLoad();
        var target = ivr.Process.BaseAddress;
        var warmUp = await Scenario.WarmUpAsync(load, target);

        var loadStart = load.NowMs;
        double stopAt = 0, exitedAt = 0;
        var stop = Task.Run(async () =>
        {
            await Task.Delay(ReliabilityScale.StopAfter);
            stopAt = load.NowMs;
            await ivr.Process.StopGracefullyAsync();
            exitedAt = load.NowMs;
        });
        var calls = await load.RunAsync(ReliabilityScale.StopCallsPerSecond, ReliabilityScale.StopLoad, call => load.FullLifecycleAsync(target, call));
        await stop;

        // The process is gone: what is in the table now is all there will ever be.
        var all = calls.Concat(warmUp).ToList();
        var check = await RecordCheck.NowAsync(ivr.Records, all);
        var log = ivr.Process.Output;
        var acknowledged = all.Count(c => c.ArrivedAck is not null);
        var midFlight = calls.Count(c => c.ArrivedAck is not null && !c.Complete);
        var samples = load.IncomingBetween(loadStart, stopAt);
        var figures = new Figures
        {
            Scenario = "graceful-stop-under-load",
            Calls = calls.Count,
            CallsPerSecond = ReliabilityScale.StopCallsPerSecond,
            Requests = load.Requests,
            RecordsExpected = acknowledged,
            RecordsFound = check.Found,
            Duplicates = check.Duplicates,
            LostUpdates = check.LostUpdates + check.MissingRecords,
            RecoverySeconds = Math.Round((exitedAt - stopAt) / 1000, 1),
            DurationSeconds = Math.Round((load.NowMs - loadStart) / 1000, 1),
            Notes = $"SIGTERM after {(stopAt - loadStart) / 1000:0.0} s; exited {(exitedAt - stopAt) / 1000:0.00} s later (recovery column); " +
                $"{acknowledged} calls acknowledged, {midFlight} of them mid-call at the stop; {load.Refused} requests refused after it; " +
                $"log: flushed={log.Contains("flushed on shutdown", StringComparison.Ordinal)}",
        }.WithIncoming(samples);
        figures.Write(output);
        figures.WriteLog("ivr", log);
        output.WriteLine(check.ToString());

        Assert.True(ivr.Process.Process.HasExited);
        Assert.Contains("Hand-off records flushed on shutdown.", log, StringComparison.Ordinal);
        Assert.DoesNotContain("hand-off updates not written", log, StringComparison.Ordinal);
        Assert.All(load.Incoming, s => Assert.True(s.DialsPerson, $"incoming answered {s.Status} without dialling a person"));
        Assert.True(acknowledged > warmUp.Count, "no call was acknowledged before the stop");
        Assert.True(check.Holds, check.ToString());
        Assert.Equal(acknowledged, check.Rows);
    }

    [Fact]
    public async Task KilledUnderLoad_LosesOnlyTheNewestUpdates_AndLaterCallbacksRebuildCompleteRecords()
    {
        var table = HandoffRecords.UniqueTableName();
        await using var first = await env.StartIvrAsync(table: table);
        using var load = new CallLoad();
        var target = first.Process.BaseAddress;
        var warmUp = await Scenario.WarmUpAsync(load, target);

        // The first half of each call (it arrives, a person answers), as a burst; SIGKILL the moment the last is acknowledged.
        var loadStart = load.NowMs;
        var calls = await load.RunAsync(ReliabilityScale.StopCallsPerSecond, ReliabilityScale.StopLoad, async call =>
        {
            if (await load.ArriveAsync(target, call))
            {
                await Task.Delay(Random.Shared.Next(50, 150));
                await load.AnswerAsync(target, call);
            }
        }, kindOf: _ => CallKind.Answered);
        using (var victim = Process.GetProcessById(first.Process.Process.Id))
        {
            victim.Kill(); // SIGKILL, this PID only.
        }

        var killedAt = load.NowMs;
        await first.Process.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(first.Process.Process.HasExited);

        // The loss: acknowledged updates whose facts never reached the table, and how long before the kill they were acknowledged.
        var afterKill = await RecordCheck.NowAsync(first.Records, calls);
        var rows = (await first.Records.AllAsync()).ToDictionary(r => r.GetString("CallSid")!, StringComparer.Ordinal);
        var lostAges = calls
            .SelectMany(c => new[]
            {
                c.ArrivedAck is { } arrived && (!rows.TryGetValue(c.CallSid, out var r1) || r1.GetString("Route") is null) ? killedAt - arrived : (double?)null,
                c.AnsweredAck is { } answered && (!rows.TryGetValue(c.CallSid, out var r2) || r2.GetDateTimeOffset("AnsweredAt") is null) ? killedAt - answered : null,
            })
            .OfType<double>()
            .ToList();
        var acknowledgedUpdates = calls.Sum(c => (c.ArrivedAck is null ? 0 : 1) + (c.AnsweredAck is null ? 0 : 1));
        var lostCallsWithoutRecord = calls.Count(c => c.ArrivedAck is not null && !rows.ContainsKey(c.CallSid));
        output.WriteLine("After the kill: " + afterKill);

        // Another instance on the same tables gets the rest of each call: the dial ends (its URL carries the record key),
        // then the number's call status (no key: found by the writer's scan of the line).
        await using var second = await env.StartIvrAsync(seedLines: false, table: table);
        var secondTarget = second.Process.BaseAddress;
        var restStart = load.NowMs;
        await Parallel.ForEachAsync(calls.Where(c => c.ArrivedAck is not null), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (call, _) =>
        {
            await load.DialEndsAsync(secondTarget, call);
            await load.EndAsync(secondTarget, call);
        });
        var laterCallbacks = calls.Where(c => c.ArrivedAck is not null).ToList();

        // Only the facts of the later callbacks can come back; the facts lost with the process are checked apart.
        var (rebuilt, took) = await RecordCheck.WaitAsync(second.Records, laterCallbacks.Select(c => c.OnlyLaterCallbacks()).ToList(), TimeSpan.FromSeconds(30));
        var final = (await second.Records.AllAsync()).Where(r => laterCallbacks.Any(c => c.CallSid == r.GetString("CallSid"))).ToList();
        var complete = final.Count(r => r.GetString("DialStatus") == "completed" && r.GetString("EndStatus") == "completed" && r.GetString("Outcome") == "answered");
        var figures = new Figures
        {
            Scenario = "killed-and-rebuilt",
            Calls = calls.Count,
            CallsPerSecond = ReliabilityScale.StopCallsPerSecond,
            Requests = load.Requests,
            RecordsExpected = laterCallbacks.Count,
            RecordsFound = final.Count,
            Duplicates = rebuilt.Duplicates,
            LostUpdates = lostAges.Count,
            RecoverySeconds = Math.Round((load.NowMs - restStart) / 1000, 1),
            DurationSeconds = Math.Round((killedAt - loadStart) / 1000, 1),
            Notes = $"SIGKILL right after a burst: {lostAges.Count} of {acknowledgedUpdates} acknowledged updates lost " +
                $"({afterKill.LostIncoming + lostCallsWithoutRecord} incoming, {afterKill.LostAnswered} answered; {lostCallsWithoutRecord} calls had no record), " +
                $"all acknowledged within the last {(lostAges.Count == 0 ? 0 : lostAges.Max()):0} ms before the kill; " +
                $"later callbacks to a new instance: {complete}/{laterCallbacks.Count} records complete (outcome, dial status, end) in {took.TotalSeconds:0.0} s; " +
                $"{final.Count(r => r.GetDateTimeOffset("AnsweredAt") is null)} without time to human (their answered callback died with the process)",
        }.WithIncoming(load.IncomingBetween(loadStart, killedAt));
        figures.Write(output);
        figures.WriteLog("killed", first.Process.Output);
        figures.WriteLog("second", second.Process.Output);

        // Only the newest updates are lost, those the writer still held (the batch window plus one write; that span is a
        // figure): nothing from the older half of the burst.
        var acknowledged = calls.SelectMany(c => new[] { c.ArrivedAck, c.AnsweredAck }).OfType<double>().Order().ToList();
        var newerHalfFrom = acknowledged[acknowledged.Count / 2];
        Assert.All(lostAges, age => Assert.True(
            killedAt - age >= newerHalfFrom, $"an update acknowledged {age:0} ms before the kill was lost, in the older half of the burst (acknowledged over {killedAt - acknowledged[0]:0} ms)"));

        // Later callbacks rebuild one complete record per call.
        Assert.Equal(0, rebuilt.Duplicates);
        Assert.Equal(0, rebuilt.LostDialEnded + rebuilt.LostEnded);
        Assert.Equal(laterCallbacks.Count, final.Count);
        Assert.Equal(laterCallbacks.Count, complete);
        Assert.Equal(laterCallbacks.Count + warmUp.Count, (await second.Records.AllAsync()).Count);
    }
}
