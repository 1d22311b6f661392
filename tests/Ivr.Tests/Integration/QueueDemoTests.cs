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
    [Fact]
    public async Task TheSimulatorsSecondCallerWaitsInTheQueueAndIsPutThroughOnceTheHeldCallEnds()
    {
        await using var demo = await ToolsDemo.StartAsync(env);
        await using var held = ChildProcess.Start("node", ["tools/simulate-call.mjs", "--hold"], demo.Tools);
        await held.WaitForLineAsync(line => line.Contains("until you press Enter", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        await using var waiting = ChildProcess.Start("node", ["tools/simulate-call.mjs", "--from", "+31611113333"], demo.Tools);
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
        Assert.Contains("put through", demo.StandIn.Output, StringComparison.Ordinal);
    }
}
