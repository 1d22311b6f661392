using System.Net;
using System.Xml.Linq;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Integration;

/// <summary>
/// A failure inside Ivr must never reach the caller. The failure is injected (a line directory that throws),
/// so this runs in-process; the signature is still made by the official twilio package.
/// </summary>
public sealed class FallbackOnFailureTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
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
        Assert.Equal("20", dial.Attribute("timeout")?.Value);
    }

    [Fact]
    public async Task BothFallbackDialsRingForTheConfiguredTimeout()
    {
        // A call to a line without rules, and a call that fails inside Ivr: both ring the fallback number, for as long as set.
        await using var app = env.InProcess(HandoffRecords.UniqueTableName(), host => host.UseSetting("Ivr:FallbackRingTimeoutSeconds", "35"));
        await using var broken = env.InProcess(
            HandoffRecords.UniqueTableName(),
            host => host.UseSetting("Ivr:FallbackRingTimeoutSeconds", "35").ConfigureTestServices(services => services.AddSingleton<ILineDirectory, BrokenLineDirectory>()));

        var noRule = await new SimulatedCall(new TwilioWebhooks(app.CreateClient(), env.Oracle, TwilioWebhooks.PublicBaseUrl), "+31300000000").ArriveAsync();
        var failed = await new SimulatedCall(new TwilioWebhooks(broken.CreateClient(), env.Oracle, TwilioWebhooks.PublicBaseUrl), IvrWithStorage.SupportLine).ArriveAsync();

        foreach (var twiml in new[] { noRule, failed })
        {
            var dial = Assert.Single(twiml.Root!.Elements());
            Assert.Equal("Dial", dial.Name.LocalName);
            Assert.Equal(IvrProcess.FallbackNumber, Assert.Single(dial.Elements()).Value);
            Assert.Equal("35", dial.Attribute("timeout")?.Value);
            Assert.Null(dial.Elements().Single().Attribute("url"));
        }
    }

    private sealed class BrokenLineDirectory : ILineDirectory
    {
        public Ivr.Rules.LineRules? Find(string? number) => throw new InvalidOperationException("rules unavailable");
    }
}
