using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// A new instance's first callers ring the line's people, not the fallback number, while its rules are loading; and
/// the load does not undo a change this instance made meanwhile. How long a first call takes is a figure
/// (docs/performance.md, docs/reliability.md), not an assertion.
/// </summary>
public sealed class FirstCallsTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    [Fact]
    public async Task ACallArrivingBeforeTheRulesHaveLoadedWaitsForThemAndRingsTheLinesPeople()
    {
        var table = HandoffRecords.UniqueTableName();
        await using (await env.StartIvrAsync(table: table))
        {
            // The lines are created through another instance, as in a scale-out.
        }

        // Slow storage: the new instance's first load of the rules takes well over half a second.
        using var link = new NetworkLink(env.Azurite.Port) { Delay = TimeSpan.FromMilliseconds(600) };
        await using var ivr = await env.StartIvrAsync(settings => settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port), seedLines: false, table: table);
        var call = ivr.NewCall();

        var twiml = await call.ArriveAsync();

        Assert.Equal(IvrWithStorage.SupportAgent, twiml.Root!.Element("Dial")!.Elements().First().Value);
    }

    [Fact]
    public async Task WithStorageRefusingTheFirstCallGetsTheFallbackNumber()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        link.Cut();
        await using var ivr = await env.StartIvrAsync(settings => settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port), seedLines: false);
        var call = ivr.NewCall();

        var twiml = await call.ArriveAsync();

        Assert.Equal(IvrProcess.FallbackNumber, twiml.Root!.Element("Dial")!.Elements().First().Value);
    }

    [Fact]
    public async Task ALineCreatedWhileTheFirstLoadIsReadingStorageStaysOnceTheLoadEnds()
    {
        var table = HandoffRecords.UniqueTableName();
        await new TableClient(env.Azurite.ConnectionString, table + "Lines").CreateIfNotExistsAsync(); // no lines yet

        // Storage answers the first load's list late: the list it read has no lines.
        using var link = new NetworkLink(env.Azurite.Port) { ReplyDelay = TimeSpan.FromSeconds(2) };
        await using var ivr = await env.StartIvrAsync(
            settings =>
            {
                settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port);
                settings["Rules__RefreshInterval"] = "00:10:00"; // no second load to mend what the first one got wrong
            },
            seedLines: false,
            table: table);
        await Poll.UntilAsync(() => link.HeldReplies > 0, TimeSpan.FromSeconds(10), "timed out waiting on the storage link");

        link.ReplyDelay = TimeSpan.Zero;
        await ivr.Admin.CreateLineAsync(IvrWithStorage.SupportLine, IvrWithStorage.SupportRules);
        await Poll.UntilAsync(() => link.HeldReplies == 0, TimeSpan.FromSeconds(10), "timed out waiting on the storage link");
        var twiml = await ivr.NewCall().ArriveAsync();

        Assert.Equal(IvrWithStorage.SupportAgent, twiml.Root!.Element("Dial")!.Elements().First().Value);
    }
}
