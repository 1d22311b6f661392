using System.Globalization;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// The queue as a newcomer tries it after <c>scripts/start.sh</c>: <c>tools/simulate-call.mjs --hold</c> keeps the
/// demo line's person busy, a second simulated caller waits in the queue, and when the first call ends Ivr calls the
/// person through the REST API, which <c>tools/twilio-standin.mjs</c> answers and plays, putting the caller through.
/// The real tools, a real Ivr over HTTP, Azurite.
/// </summary>
public sealed class QueueDemoTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string DemoLine = "+31201234567";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task TheSimulatorsSecondCallerWaitsInTheQueueAndIsPutThroughOnceTheHeldCallEnds()
    {
        var port = FreePort.Next();
        var ivrUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        await using var standIn = ChildProcess.Start("node", ["tools/twilio-standin.mjs", "--url", ivrUrl, "--token", IvrProcess.AuthToken, "--account", AccountSid]);
        var listening = await standIn.WaitForLineAsync(line => line.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var standInUrl = listening[(listening.IndexOf("http", StringComparison.Ordinal))..].Trim();

        var table = HandoffRecords.UniqueTableName();
        await using var ivr = await env.StartInProcessAsync(
            settings =>
            {
                settings["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
                settings["Twilio__PublicBaseUrl"] = ivrUrl;
                settings["Twilio__AccountSid"] = AccountSid;
                settings["Twilio__ApiBaseUrl"] = standInUrl;
            },
            seedLines: false,
            table: table);
        await ivr.Admin.CreateLineAsync(DemoLine, await File.ReadAllTextAsync(Repo.PathOf("tools", "demo-line.json")));

        var envFile = Path.Combine(Path.GetTempPath(), $"ivr-{Guid.NewGuid():N}.env");
        await File.WriteAllLinesAsync(envFile,
        [
            $"IVR_URL='{ivrUrl}'",
            $"TWILIO_AUTH_TOKEN='{IvrProcess.AuthToken}'",
            $"STORAGE_CONNECTION_STRING='{env.Azurite.ConnectionString}'",
            $"HANDOFFS_TABLE='{table}'",
            $"DEMO_LINE='{DemoLine}'",
            $"TWILIO_STANDIN_URL='{standInUrl}'",
        ]);
        try
        {
            var tools = new Dictionary<string, string?> { ["IVR_ENV_FILE"] = envFile };
            await using var held = ChildProcess.Start("node", ["tools/simulate-call.mjs", "--hold"], tools);
            await held.WaitForLineAsync(line => line.Contains("until you press Enter", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            await using var waiting = ChildProcess.Start("node", ["tools/simulate-call.mjs", "--from", "+31611113333"], tools);
            await waiting.WaitForLineAsync(line => line.Contains("waiting in queue ivr-31201234567", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.Contains("<Enqueue", waiting.Output, StringComparison.Ordinal);

            await held.TypeLineAsync(string.Empty);
            Assert.True(await held.WaitForExitAsync(TimeSpan.FromSeconds(30)), held.Output);
            Assert.Equal(0, held.ExitCode);

            await waiting.WaitForLineAsync(line => line.Contains("a person took the call from the queue: +31612345678", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.True(await waiting.WaitForExitAsync(TimeSpan.FromSeconds(30)), waiting.Output);
            Assert.Equal(0, waiting.ExitCode);
            Assert.Matches(@"AnsweredGroup\s+\(queue\)", waiting.Output);
            Assert.Matches(@"QueueResult\s+bridged", waiting.Output);
            Assert.Contains("put through", standIn.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(envFile);
        }
    }
}
