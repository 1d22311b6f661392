using System.Text.Json;
using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Browser;

/// <summary>
/// The dashboard in a real headless Chromium (the system's, driven by playwright-core from dashboard-check.mjs),
/// over calls made through the real webhooks: the page must sign in, answer the question form, draw its charts
/// under the strict content security policy with no browser error, and show the calls that were made.
/// </summary>
public sealed class DashboardBrowserTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AnAnalystSignsInAndSeesTheLinesCallsChartedWithoutBrowserErrors()
    {
        await using var ivr = await env.StartInProcessAsync();
        var made = await MakeCallsAsync(ivr);
        var screenshot = Repo.PathOf("artifacts", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var seen = await CheckInBrowserAsync(ivr.BaseAddress, screenshot);

        Assert.True(seen.GetProperty("signInShown").GetBoolean(), "no sign-in form without a session");
        Assert.Equal(401, seen.GetProperty("wrongKeyStatus").GetInt32());
        Assert.True(seen.GetProperty("wrongKeySignInShown").GetBoolean(), "a wrong key did not get the sign-in form again");
        Assert.Contains("not an analyst key", seen.GetProperty("wrongKeyError").GetString(), StringComparison.Ordinal);
        Assert.Empty(seen.Strings("consoleErrors"));
        Assert.Empty(seen.Strings("pageErrors"));
        Assert.Empty(seen.Strings("failedRequests"));
        Assert.Equal("Ivr — time to human", seen.GetProperty("heading").GetString());
        Assert.Equal(5, seen.GetProperty("charts").GetInt32());
        Assert.True(seen.GetProperty("bars").GetInt32() > 0, "no bars drawn");
        Assert.True(seen.GetProperty("paths").GetInt32() > 0, "no lines drawn");
        Assert.Equal(made.Calls, seen.GetProperty("totalsCalls").GetInt32());
        var figures = seen.GetProperty("figures");
        Assert.Equal(made.Answered.ToString(System.Globalization.CultureInfo.InvariantCulture), figures.GetProperty("answered").GetString());
        Assert.Equal("1", figures.GetProperty("voicemail").GetString());
        Assert.True(new FileInfo(screenshot) is { Exists: true, Length: > 0 }, $"no screenshot at {screenshot}");
    }

    /// <summary>Three answered calls (after different waits, by two people), two abandoned, one voicemail.</summary>
    private static async Task<(int Calls, int Answered)> MakeCallsAsync(RunningIvr ivr)
    {
        var done = new List<(SimulatedCall Call, Func<TableEntity, bool> Written)>();
        (int DelayMs, string Person)[] answered = [(0, IvrWithStorage.SupportAgent), (250, "client:" + IvrWithStorage.SupportClient), (600, IvrWithStorage.SupportAgent)];
        foreach (var (delayMs, person) in answered)
        {
            var call = ivr.NewCall();
            await call.ArriveAsync();
            await Task.Delay(delayMs);
            await call.AnswerAsync(person);
            await call.DialEndsAsync("completed", bridged: true);
            await call.EndAsync();
            done.Add((call, r => r.GetString("Outcome") == "answered" && r.GetString("EndStatus") is not null && r.GetString("DialStatus") is not null));
        }

        foreach (var delayMs in new[] { 100, 400 })
        {
            var call = ivr.NewCall();
            await call.ArriveAsync();
            await Task.Delay(delayMs);
            await call.EndAsync();
            done.Add((call, r => r.GetString("Outcome") == "abandoned"));
        }

        var voicemail = ivr.NewCall();
        await voicemail.ArriveAsync();
        var afterDial = await voicemail.DialEndsAsync("no-answer", bridged: false);
        await voicemail.LeaveVoicemailAsync(afterDial.Root!.Element("Record")!.Attribute("action")!.Value);
        await voicemail.EndAsync();
        done.Add((voicemail, r => r.GetString("Outcome") == "voicemail" && r.GetString("EndStatus") is not null));

        foreach (var (call, written) in done)
        {
            await ivr.Records.WaitForAsync(call.CallSid, written);
        }

        return (done.Count, answered.Length);
    }

    private static Task<JsonElement> CheckInBrowserAsync(Uri baseAddress, string screenshot) =>
        BrowserCheck.RunAsync("dashboard-check.mjs", CheckTimeout, baseAddress.ToString().TrimEnd('/'), IvrProcess.AnalystKey, IvrWithStorage.SupportLine, screenshot);
}
