using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// A callback as a newcomer tries it after <c>scripts/start.sh</c>: <c>tools/simulate-call.mjs --hold</c> keeps the
/// demo line's person busy, a second simulated caller (<c>--callback</c>) waits in the queue, presses 1 when a callback
/// is offered and hangs up; when the first call ends Ivr calls the person through the REST API, and
/// <c>tools/twilio-standin.mjs</c> plays the person pressing a key and the caller's phone answering. The real tools, a
/// real Ivr over HTTP, Azurite.
/// </summary>
public sealed partial class CallbackDemoTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string DemoLine = ToolsDemo.DemoLine;
    private const string Person = "+31612345678";

    [Fact]
    public async Task TheSimulatorsCallerPressesForACallbackAndIsCalledBackAndConnectedOnceTheHeldCallEnds()
    {
        const string caller = "+31611113333";
        await using var demo = await ToolsDemo.StartAsync(env);
        await using var held = ChildProcess.Start("node", ["tools/simulate-call.mjs", "--hold"], demo.Tools);
        await held.WaitForLineAsync(line => line.Contains("until you press Enter", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        await using var calledBack = ChildProcess.Start("node", ["tools/simulate-call.mjs", "--callback", "--from", caller], demo.Tools);
        var callSid = await PressedForACallbackAsync(calledBack, caller);
        var pending = Assert.Single(await demo.CallbacksOfAsync(callSid));
        Assert.DoesNotContain(pending.Keys, key => pending[key]?.ToString()?.Contains(caller[1..], StringComparison.Ordinal) == true); // sealed

        await held.TypeLineAsync(string.Empty);
        Assert.True(await held.WaitForExitAsync(TimeSpan.FromSeconds(30)), held.Output);
        Assert.Equal(0, held.ExitCode);

        await calledBack.WaitForLineAsync(line => line.Contains($"called back: {Person}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(await calledBack.WaitForExitAsync(TimeSpan.FromSeconds(30)), calledBack.Output);
        Assert.Equal(0, calledBack.ExitCode);
        Assert.Contains("they are connected", calledBack.Output, StringComparison.Ordinal);
        Assert.Matches(@"CallbackResult\s+callback-connected", calledBack.Output);
        Assert.Matches(@"AnsweredGroup\s+\(callback\)", calledBack.Output);
        Assert.Contains($"{Person} and {caller} are connected", demo.StandIn.Output, StringComparison.Ordinal);

        var record = await demo.Ivr.Records.WaitForAsync(callSid, r => r.GetString("CallbackResult") is not null);
        Assert.Equal("callback-connected", record.GetString("CallbackResult"));
        Assert.Equal("(callback)", record.GetString("AnsweredGroup"));
        Assert.Equal("answered", record.GetString("Outcome"));
        // Connected: the callback is over, and its row (the only place the number was kept) is gone.
        Assert.Empty(await demo.CallbacksOfAsync(callSid));
    }

    // The machine path is the C# CallbackTests' too; the fast tier keeps one demo of the tools.
    [Fact]
    [Trait(Tier.Name, Tier.All)]
    public async Task WhenTheCallersVoicemailAnswersTheSimulatorShowsTheFailedAttemptAndTheCallbackWaitsForItsRetry()
    {
        const string caller = "+31611114444";
        await using var demo = await ToolsDemo.StartAsync(env);
        await using var held = ChildProcess.Start("node", ["tools/simulate-call.mjs", "--hold"], demo.Tools);
        await held.WaitForLineAsync(line => line.Contains("until you press Enter", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        await using var calledBack = ChildProcess.Start("node", ["tools/simulate-call.mjs", "--callback", "--callback-answer", "machine", "--from", caller], demo.Tools);
        var callSid = await PressedForACallbackAsync(calledBack, caller);
        await held.TypeLineAsync(string.Empty);

        await calledBack.WaitForLineAsync(line => line.Contains($"called back: {Person}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(await calledBack.WaitForExitAsync(TimeSpan.FromSeconds(30)), calledBack.Output);
        Assert.Equal(0, calledBack.ExitCode);
        Assert.Contains("its voicemail answered: not connected", calledBack.Output, StringComparison.Ordinal);
        Assert.Matches(@"CallbackAttempt1Result\s+machine", calledBack.Output);
        Assert.DoesNotMatch(@"CallbackResult\s", calledBack.Output);
        Assert.Contains("could not be reached", demo.StandIn.Output, StringComparison.Ordinal);

        // One attempt of three: the callback (and its sealed number) waits for the retry.
        var pending = Assert.Single(await demo.CallbacksOfAsync(callSid));
        Assert.Equal(1, pending.GetInt32("Attempts"));
    }

    /// <summary>Waits until the simulator pressed 1, left the queue and hung up; returns its CallSid.</summary>
    private static async Task<string> PressedForACallbackAsync(ChildProcess calledBack, string caller)
    {
        var incoming = await calledBack.WaitForLineAsync(line => line.StartsWith("Incoming call", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var callSid = CallSid().Match(incoming).Value;
        Assert.StartsWith("CA", callSid, StringComparison.Ordinal);
        await calledBack.WaitForLineAsync(line => line.Contains($"waiting for Ivr to call {caller} back", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("<Enqueue", calledBack.Output, StringComparison.Ordinal);
        Assert.Contains("callback-request", calledBack.Output, StringComparison.Ordinal);
        Assert.Contains("<Leave", calledBack.Output, StringComparison.Ordinal);
        Assert.Contains("call you back", calledBack.Output, StringComparison.Ordinal);
        return callSid;
    }

    [GeneratedRegex("CA[0-9a-f]{32}")]
    private static partial Regex CallSid();
}
