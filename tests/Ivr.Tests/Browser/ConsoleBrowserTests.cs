using System.Text.Json;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Browser;

/// <summary>
/// The admin console in a real headless Chromium (the system's, driven by playwright-core from console-check.mjs),
/// against Ivr and Azurite: one admin's session through sign-in, a new line made in the form, the week view, the
/// tester, a conflict between two tabs, a restore and people's presence, with axe-core checking each page and no
/// browser error allowed but the answers a step provokes on purpose.
/// </summary>
public sealed class ConsoleBrowserTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string NewLine = "+31301234567";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AnAdminSetsUpALineInTheConsoleAndEveryPageIsAccessible()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        var shots = Repo.PathOf("artifacts");
        Directory.CreateDirectory(shots);
        foreach (var old in Directory.GetFiles(shots, "console-*.png"))
        {
            File.Delete(old);
        }

        var seen = await CheckInBrowserAsync(ivr.BaseAddress, shots);

        Assert.Empty(seen.Strings("consoleErrors"));
        Assert.Empty(seen.Strings("pageErrors"));
        Assert.Empty(seen.Strings("failedRequests"));
        Assert.Contains("script-src 'self'", seen.GetProperty("csp").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", seen.GetProperty("csp").GetString(), StringComparison.Ordinal);

        // Sign-in: an analyst key is refused, the admin key opens the console.
        Assert.Equal(401, seen.GetProperty("analystKeyStatus").GetInt32());
        Assert.Contains("not an admin key", seen.GetProperty("analystKeyError").GetString(), StringComparison.Ordinal);
        Assert.True(seen.GetProperty("signedIn").GetBoolean(), "the admin key did not open the console");

        // The bad member's error sits next to its field, then the fixed form creates the line.
        Assert.Contains("'0612345678' is not an E.164 number", seen.GetProperty("inlineError").GetString(), StringComparison.Ordinal);
        Assert.True(seen.GetProperty("inlineErrorNextToField").GetBoolean(), "the member's error is not next to its field");
        Assert.Equal("true", seen.GetProperty("badFieldInvalid").GetString());
        Assert.Equal($"Saved {NewLine}: now version 1.", seen.GetProperty("created").GetString());

        // Saturday 11:00 is closed, opens in the draft's week view once Saturday has hours, and stays open once saved.
        Assert.Equal("closed", seen.GetProperty("saturdayBefore").GetProperty("route").GetString());
        Assert.Equal("open", seen.GetProperty("saturdayDraft").GetProperty("route").GetString());
        Assert.Equal("Desk", seen.GetProperty("saturdayDraft").GetProperty("text").GetString());
        Assert.Equal("open", seen.GetProperty("saturdaySaved").GetProperty("route").GetString());

        // The tester, in words, with the TwiML behind a disclosure.
        Assert.Equal("The line is closed.", seen.GetProperty("testerEvening").GetString());
        Assert.Equal("The line is open.", seen.GetProperty("testerMorning").GetString());
        var steps = seen.Strings("testerSteps");
        Assert.Equal(2, steps.Count);
        Assert.Contains("+31612345678", steps[0], StringComparison.Ordinal);
        Assert.Contains("client:bob", steps[1], StringComparison.Ordinal);
        Assert.StartsWith("<?xml", seen.GetProperty("testerTwiml").GetString(), StringComparison.Ordinal);
        Assert.Contains("<Number", seen.GetProperty("testerTwiml").GetString(), StringComparison.Ordinal);

        // Groups move by keyboard; discarding puts them back.
        Assert.Equal(["Group 1: Backoffice", "Group 2: Desk"], seen.Strings("groupsReordered"));
        Assert.Equal(["Group 1: Desk", "Group 2: Backoffice"], seen.Strings("groupsDiscarded"));

        // Two tabs: the second is shown what the first changed, and overwrites knowingly.
        Assert.True(seen.GetProperty("conflictShown").GetBoolean());
        Assert.Contains(seen.Strings("conflictChanges"), row => row!.Contains("Renamed in tab 1", StringComparison.Ordinal));
        Assert.Equal($"Saved {NewLine}: now version 4.", seen.GetProperty("overwritten").GetString());

        // History: a diff between two versions, and a restore that becomes a new version.
        Assert.Equal(4, seen.GetProperty("versionsBefore").GetInt32());
        Assert.True(seen.GetProperty("diffRows").GetInt32() >= 2, "the diff of versions 1 and 4 shows fewer than two fields");
        Assert.Equal("Restored version 1; it is now version 5.", seen.GetProperty("restored").GetString());
        Assert.Equal(5, seen.GetProperty("versionsAfter").GetInt32());
        Assert.Equal("restored version 1", seen.GetProperty("latestChange").GetString());
        using var restored = await ivr.Admin.GetLineAsync(NewLine);
        Assert.Equal("\"5\"", restored.Headers.ETag!.Tag);
        var restoredRules = await restored.Content.ReadAsStringAsync();
        Assert.Contains("\"Console line\"", restoredRules, StringComparison.Ordinal);
        // The form set the queue's callback too.
        var callbackRules = System.Text.Json.Nodes.JsonNode.Parse(restoredRules)!["queue"]!["callback"]!;
        Assert.Equal((true, 2), ((bool)callbackRules["enabled"]!, (int)callbackRules["attempts"]!));

        // People now, and the list of lines.
        Assert.StartsWith("Away", seen.GetProperty("awayState").GetString(), StringComparison.Ordinal);
        var callback = Assert.Single(seen.Strings("callbacksShown"));
        Assert.StartsWith("Asked 5 min ago", callback, StringComparison.Ordinal);
        Assert.Contains("1 attempt so far, next try at ", callback, StringComparison.Ordinal);
        Assert.Contains("1 away", seen.GetProperty("listRow").GetString(), StringComparison.Ordinal);
        Assert.True(seen.GetProperty("phoneOverflow").GetInt32() <= 0, "the rules page scrolls sideways on a phone");

        var axe = seen.GetProperty("axe");
        string[] pages = ["sign-in", "lines", "form-with-error", "week", "tester", "conflict", "history", "people"];
        Assert.Equal(pages.Order(StringComparer.Ordinal), axe.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var page in axe.EnumerateObject())
        {
            Assert.True(page.Value.GetArrayLength() == 0, $"axe found serious or critical violations on '{page.Name}': {page.Value}");
        }

        foreach (var shot in seen.Strings("screenshots"))
        {
            Assert.True(new FileInfo(shot!) is { Exists: true, Length: > 0 }, $"no screenshot at {shot}");
        }
    }

    private static Task<JsonElement> CheckInBrowserAsync(Uri baseAddress, string shots) =>
        BrowserCheck.RunAsync("console-check.mjs", CheckTimeout, baseAddress.ToString().TrimEnd('/'), IvrProcess.AdminKey, IvrProcess.AnalystKey, NewLine, shots);
}
