using System.Net;
using System.Xml.Linq;
using Ivr.Routing;
using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Integration;

/// <summary>
/// A failure inside Ivr must never reach the caller. The failure is injected (a line directory that throws),
/// so this runs in-process; the signature is still made by the official twilio package.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
public sealed class FallbackOnFailureTests(IvrWithStorage env)
{
    [Fact]
    public async Task AnInternalFailureStillAnswersTwimlThatDialsTheFallbackNumber()
    {
        await using var app = env.InProcess(
            HandoffRecords.UniqueTableName(),
            host => host.ConfigureTestServices(services => services.AddSingleton<ILineDirectory, BrokenLineDirectory>()));
        var client = app.CreateClient();
        var twilio = new TwilioWebhooks(client, env.Oracle, TwilioWebhooks.PublicBaseUrl);
        var call = new SimulatedCall(twilio, IvrWithStorage.SupportLine);

        var twiml = await call.ArriveAsync();

        var dial = Assert.Single(twiml.Root!.Elements());
        Assert.Equal("Dial", dial.Name.LocalName);
        Assert.Equal(IvrProcess.FallbackNumber, Assert.Single(dial.Elements()).Value);
    }

    private sealed class BrokenLineDirectory : ILineDirectory
    {
        public Ivr.Rules.LineRules? Find(string? number) => throw new InvalidOperationException("rules unavailable");
    }
}
