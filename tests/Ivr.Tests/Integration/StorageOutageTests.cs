using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>Storage trouble never reaches the caller. Cuts the network between Ivr and Azurite.</summary>
public sealed class StorageOutageTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    [Fact]
    public async Task WithStorageDownCallsStillRingPeopleBeforeTheirRecordsCanBeWrittenAndRecordsArriveOnceItIsBack()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        await using var ivr = await env.StartIvrAsync(settings => settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port));

        // One call with storage up, so the rules are loaded and the table exists.
        var warmUp = ivr.NewCall();
        await warmUp.ArriveAsync();
        await ivr.Records.WaitForAsync(warmUp.CallSid, _ => true);
        link.Cut();
        var calls = Enumerable.Range(0, 5).Select(_ => ivr.NewCall()).ToList();
        foreach (var call in calls)
        {
            var twiml = await call.ArriveAsync();
            Assert.Equal(IvrWithStorage.SupportAgent, twiml.Root!.Element("Dial")!.Element("Number")!.Value);
            await call.AnswerAsync(IvrWithStorage.SupportAgent);
            await call.DialEndsAsync("completed", bridged: true);
            await call.EndAsync();
        }

        // Every webhook was answered while none of these calls' records could be written (read from Azurite directly).
        Assert.Equal([warmUp.CallSid], (await ivr.Records.AllAsync()).Select(r => r.GetString("CallSid")));
        await ivr.Process.Process.WaitForLineAsync(line => line.Contains("Storage unavailable", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        link.Restore();
        foreach (var call in calls)
        {
            var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null, TimeSpan.FromSeconds(60));
            Assert.Equal("answered", record.GetString("Outcome"));
        }

        Assert.Equal(calls.Count + 1, (await ivr.Records.AllAsync()).Count);
    }
}
