using Ivr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ivr.Tests.Reliability;

/// <summary>
/// Two Ivr instances record the same calls (Twilio sends a call's webhooks to whichever instance it reaches), with
/// duplicated and reordered callbacks, some at the same moment: one record per call, no lost update.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
[Trait(Tier.Name, Tier.All)]
public sealed class TwoInstancesTests(IvrWithStorage env, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoInstancesWritingTheSameCalls_WithDuplicatesAndReordering_GiveOneRecordPerCallWithEveryFact()
    {
        var table = HandoffRecords.UniqueTableName();
        await using var a = await env.StartIvrAsync(table: table);
        await using var b = await env.StartIvrAsync(seedLines: false, table: table);
        using var load = new CallLoad();
        var (first, second) = (a.Process.BaseAddress, b.Process.BaseAddress);
        var warmUp = await Scenario.WarmUpAsync(load, first, 4);
        warmUp.AddRange(await Scenario.WarmUpAsync(load, second, 4));
        Assert.All(warmUp, c => Assert.NotEqual(IvrProcess.FallbackNumber, c.FirstParty)); // b has the lines' rules too

        var loadStart = load.NowMs;
        var index = 0;
        var calls = await load.RunAsync(ReliabilityScale.SharedCallsPerSecond, ReliabilityScale.SharedLoad, async call =>
        {
            if (!await load.ArriveAsync(first, call))
            {
                return;
            }

            await Task.Delay(Random.Shared.Next(20, 120));
            switch (Interlocked.Increment(ref index) % 4)
            {
                case 0: // In order, alternating instances.
                    await load.AnswerAsync(second, call);
                    await load.DialEndsAsync(first, call);
                    await load.EndAsync(second, call);
                    break;
                case 1: // Reordered, every callback twice, once to each instance.
                    await load.DialEndsAsync(first, call);
                    await load.AnswerAsync(second, call);
                    await load.EndAsync(second, call);
                    await load.AnswerAsync(first, call);
                    await load.EndAsync(first, call);
                    await load.DialEndsAsync(second, call);
                    break;
                case 2: // The call status first, then the rest at the same moment on both instances.
                    await load.EndAsync(second, call);
                    await Task.WhenAll(load.AnswerAsync(second, call), load.DialEndsAsync(first, call), load.AnswerAsync(first, call));
                    break;
                default: // Everything at once, on both.
                    await Task.WhenAll(
                        load.AnswerAsync(first, call), load.AnswerAsync(second, call),
                        load.DialEndsAsync(second, call), load.DialEndsAsync(first, call),
                        load.EndAsync(first, call), load.EndAsync(second, call));
                    break;
            }
        }, kindOf: _ => CallKind.Answered);
        var loadEnd = load.NowMs;

        var all = calls.Concat(warmUp).ToList();
        var (check, took) = await RecordCheck.WaitAsync(a.Records, all, TimeSpan.FromSeconds(60));
        var polly = Scenario.PollyEvents(a.Process.Output + "\n" + b.Process.Output);
        var figures = new Figures
        {
            Scenario = "two-instances-same-calls",
            Calls = calls.Count,
            CallsPerSecond = ReliabilityScale.SharedCallsPerSecond,
            Requests = load.Requests,
            RecordsExpected = all.Count,
            RecordsFound = check.Found,
            Duplicates = check.Duplicates,
            LostUpdates = check.LostUpdates + check.MissingRecords,
            RecoverySeconds = Math.Round(took.TotalSeconds, 1),
            DurationSeconds = Math.Round((loadEnd - loadStart) / 1000, 1),
            Notes = $"incoming to A; answered, dial-ended and call-status split over A and B, a quarter in order, the rest duplicated, reordered or simultaneous; " +
                $"records settled {took.TotalSeconds:0.0} s after the load (recovery column); Polly events: {Scenario.Describe(polly)}",
        }.WithIncoming(load.IncomingBetween(loadStart, loadEnd));
        figures.Write(output);
        figures.WriteLog("a", a.Process.Output);
        figures.WriteLog("b", b.Process.Output);
        output.WriteLine(check.ToString());

        Assert.Equal(0, load.Refused);
        Assert.All(calls, c => Assert.True(c.Complete, $"{c.CallSid} was not acknowledged throughout"));
        Assert.True(check.Holds, check.ToString());
        Assert.Equal(all.Count, check.Complete);
        Assert.Equal(all.Count, check.Rows);
    }
}
