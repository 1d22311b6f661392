using System.Diagnostics;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>Storage trouble never reaches the caller. Cuts the network between Ivr and Azurite.</summary>
public sealed class StorageOutageTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    [Fact]
    public async Task WithStorageDownCallsStillRingPeopleQuicklyAndRecordsArriveOnceItIsBack()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        await using var ivr = await env.StartIvrAsync(settings => settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port));

        // One call first, so the timings below measure waiting on storage, not the new process's first-request JIT.
        var warmUp = ivr.NewCall();
        await warmUp.ArriveAsync();
        await ivr.Records.WaitForAsync(warmUp.CallSid, _ => true);
        link.Cut();
        var calls = Enumerable.Range(0, 5).Select(_ => ivr.NewCall()).ToList();
        var slowest = TimeSpan.Zero;
        foreach (var call in calls)
        {
            var clock = Stopwatch.StartNew();
            var twiml = await call.ArriveAsync();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            Assert.Equal(IvrWithStorage.SupportAgent, twiml.Root!.Element("Dial")!.Element("Number")!.Value);
            await call.AnswerAsync(IvrWithStorage.SupportAgent);
            await call.DialEndsAsync("completed", bridged: true);
            await call.EndAsync();
        }

        // Generous bound: the point is that no webhook waited for storage's timeouts and retries (seconds).
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"slowest incoming webhook took {slowest}");
        await Task.Delay(2000); // Let the writer fail against the missing storage a few times.
        Assert.Contains("Storage unavailable", ivr.Process.Output, StringComparison.Ordinal);

        link.Restore();
        foreach (var call in calls)
        {
            var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null, TimeSpan.FromSeconds(60));
            Assert.Equal("answered", record.GetString("Outcome"));
        }

        Assert.Equal(calls.Count + 1, (await ivr.Records.AllAsync()).Count);
    }
}
