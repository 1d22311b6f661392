using System.Diagnostics;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>Storage trouble never reaches the caller. Owns its Azurite, since it stops it.</summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private readonly Azurite azurite = new();
    private readonly TwilioOracle oracle = new();

    public Task InitializeAsync() => Task.WhenAll(azurite.InitializeAsync(), oracle.InitializeAsync());

    public async Task DisposeAsync()
    {
        await oracle.DisposeAsync();
        await azurite.DisposeAsync();
    }

    [Fact]
    public async Task WithStorageDownCallsStillRingPeopleQuicklyAndRecordsArriveOnceItIsBack()
    {
        var table = HandoffRecords.UniqueTableName();
        var settings = new IvrWithStorage().Settings(table);
        settings["Storage__ConnectionString"] = azurite.ConnectionString;
        await using var ivr = await IvrProcess.StartAsync(settings);
        var twilio = new TwilioWebhooks(ivr.Http, oracle, TwilioWebhooks.PublicBaseUrl);
        var records = new HandoffRecords(azurite.ConnectionString, table);

        await azurite.StopAsync();
        var calls = Enumerable.Range(0, 5).Select(_ => new SimulatedCall(twilio, IvrWithStorage.SupportLine)).ToList();
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
        Assert.Contains("Storage unavailable", ivr.Output, StringComparison.Ordinal);

        await azurite.StartAsync();
        foreach (var call in calls)
        {
            var record = await records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null, TimeSpan.FromSeconds(60));
            Assert.Equal("answered", record.GetString("Outcome"));
        }

        Assert.Equal(calls.Count, (await records.AllAsync()).Count);
    }
}
