using Ivr.Storage;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Reliability;

/// <summary>
/// Storage that takes requests and never answers: every storage call of the instance ends in the Azure SDK's network
/// timeout, a cancellation nobody asked for. The instance keeps running and keeps ringing the line's people.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
public sealed class StorageNeverAnswersTests(IvrWithStorage env)
{
    [Fact]
    public async Task StorageSilentPastTheSdksNetworkTimeout_StopsNothing_AndCallsStillRingTheLinesPeople()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        await using var ivr = await env.StartIvrAsync(settings =>
        {
            settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port);
            settings["Rules__RefreshInterval"] = "00:00:01";
        });
        Assert.Equal(IvrWithStorage.SupportAgent, (await ivr.NewCall().ArriveAsync()).Root!.Element("Dial")!.Element("Number")!.Value);

        // Every second the rules are read again; each read now waits out the SDK's timeout.
        link.Hold();
        await Task.Delay(TableStorage.NetworkTimeout + TimeSpan.FromSeconds(3));

        Assert.False(ivr.Process.Process.HasExited, ivr.Process.Output);
        Assert.Equal(IvrWithStorage.SupportAgent, (await ivr.NewCall().ArriveAsync()).Root!.Element("Dial")!.Element("Number")!.Value);
        link.Release();
    }
}
