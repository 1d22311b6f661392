using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// The admin console's sign-in and what its cookie may do on the admin API, over real HTTP to an Ivr on real Azurite:
/// only an admin key signs in; the cookie reads freely, but a change needs the page's antiforgery token; and a change
/// made this way gets the API's validation, versioning and If-Match, and is recorded under the same key fingerprint.
/// </summary>
public sealed partial class ConsoleAccessTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31301234567";
    private const string Rules = """
        {
          "name": "Console line",
          "timeZone": "Europe/Amsterdam",
          "openingHours": { "monday": ["09:00-17:00"] },
          "publicHolidays": ["NL"],
          "ringGroups": [
            { "name": "Desk", "members": ["+31612345678"] },
            { "name": "Backoffice", "members": ["client:bob"] }
          ]
        }
        """;

    [Fact]
    public async Task AnAnalystKeyCannotSignInAndAnAdminKeyGetsAStrictHttpOnlyCookie()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        using var http = Client(ivr);

        using var analyst = await http.PostAsync("/admin/login", new FormUrlEncodedContent([new("key", IvrProcess.AnalystKey)]));
        using var admin = await http.PostAsync("/admin/login", new FormUrlEncodedContent([new("key", IvrProcess.AdminKey)]));
        using var behindHttps = new HttpRequestMessage(HttpMethod.Post, "/admin/login") { Content = new FormUrlEncodedContent([new("key", IvrProcess.AdminKey)]) };
        behindHttps.Headers.Add("X-Forwarded-Proto", "https");
        using var secure = await http.SendAsync(behindHttps);

        Assert.Equal(HttpStatusCode.Unauthorized, analyst.StatusCode);
        Assert.False(analyst.Headers.Contains("Set-Cookie"), "an analyst key got a console cookie");
        Assert.Contains("not an admin key", await analyst.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        var cookie = admin.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("ivr_admin=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(IvrProcess.AdminKey, cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", secure.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AChangeWithTheConsoleCookieButWithoutItsAntiforgeryTokenIsRefusedAndNothingIsStored()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        using var http = Client(ivr);
        var (cookie, token) = await SignInAsync(http);

        using var read = await SendAsync(http, HttpMethod.Get, "/api/admin/lines", cookie, token: null);
        using var without = await SendAsync(http, HttpMethod.Put, AdminClient.LinePath(Line), cookie, token: null, Rules);
        using var wrong = await SendAsync(http, HttpMethod.Put, AdminClient.LinePath(Line), cookie, token: token[..^2] + "AA", Rules);
        using var stillMissing = await ivr.Admin.GetLineAsync(Line);
        using var withToken = await SendAsync(http, HttpMethod.Put, AdminClient.LinePath(Line), cookie, token, Rules);
        var person = AdminClient.LinePath(Line) + "/people/" + Uri.EscapeDataString("+31612345678");
        using var awayWithout = await SendAsync(http, HttpMethod.Put, person, cookie, token: null, """{ "presence": "away" }""");
        using var awayWith = await SendAsync(http, HttpMethod.Put, person, cookie, token, """{ "presence": "away" }""");
        using var signOutWithout = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/logout")
        {
            Content = new FormUrlEncodedContent([]),
            Headers = { { "Cookie", cookie } },
        });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);
        Assert.Contains("antiforgery", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stillMissing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, awayWithout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, awayWith.StatusCode);
        Assert.Contains("\"away\"", await awayWith.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, signOutWithout.StatusCode);
    }

    [Fact]
    public async Task ConsoleChangesGetTheApisValidationAndVersioningUnderTheKeysFingerprint()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        using var http = Client(ivr);
        var (cookie, token) = await SignInAsync(http);
        var path = AdminClient.LinePath(Line);

        using var invalid = await SendAsync(http, HttpMethod.Put, path, cookie, token, Rules.Replace("+31612345678", "0612345678", StringComparison.Ordinal));
        var invalidProblem = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!;
        using var nothingStored = await ivr.Admin.GetLineAsync(Line);
        using var created = await SendAsync(http, HttpMethod.Put, path, cookie, token, Rules, ifNoneMatch: "*");
        using var withoutIfMatch = await SendAsync(http, HttpMethod.Put, path, cookie, token, Rules.Replace("Console line", "Renamed", StringComparison.Ordinal));
        using var byApi = await ivr.Admin.PutLineAsync(Line, Rules.Replace("Console line", "By the API", StringComparison.Ordinal), ifMatch: "\"1\"");
        using var stale = await SendAsync(http, HttpMethod.Put, path, cookie, token, Rules.Replace("Console line", "Renamed", StringComparison.Ordinal), ifMatch: "\"1\"");
        using var restore = await SendAsync(http, HttpMethod.Post, path + "/versions/1/restore", cookie, token, ifMatch: "\"2\"");
        using var history = await SendAsync(http, HttpMethod.Get, path + "/versions", cookie, token: null);
        var versions = JsonNode.Parse(await history.Content.ReadAsStringAsync())!.AsArray();
        using var deleted = await SendAsync(http, HttpMethod.Delete, path, cookie, token, ifMatch: "\"3\"");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(invalidProblem["errors"]!["ringGroups[0].members[0]"]);
        Assert.Equal(HttpStatusCode.NotFound, nothingStored.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal((HttpStatusCode)428, withoutIfMatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byApi.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal("\"3\"", restore.Headers.ETag!.Tag);
        Assert.Equal(["restored version 1", "replaced", "created"], versions.Select(v => (string)v!["change"]!));
        // One actor per key, however the key signed in: the console's changes read as the API's do.
        Assert.Single(versions.Select(v => (string)v!["changedBy"]!).Distinct());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task TheWeekViewPlansTheSavedRulesOrADraftHourByHourWithTheNextHolidays()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        using var http = Client(ivr);
        var (cookie, token) = await SignInAsync(http);
        await ivr.Admin.CreateLineAsync(Line, Rules);
        var weekPath = AdminClient.LinePath(Line) + "/week";

        // The week of King's Day 2027 (Tuesday 27 April).
        using var saved = await SendAsync(http, HttpMethod.Post, weekPath, cookie, token, """{ "weekOf": "2027-04-28" }""");
        var week = JsonNode.Parse(await saved.Content.ReadAsStringAsync())!;
        var draftRules = Rules.Replace("\"monday\": [\"09:00-17:00\"]", "\"monday\": [\"09:00-17:00\"], \"saturday\": [\"22:00-02:00\"]", StringComparison.Ordinal);
        using var draft = await SendAsync(http, HttpMethod.Post, weekPath, cookie, token, $$"""{ "weekOf": "2027-04-28", "rules": {{draftRules}} }""");
        var drafted = JsonNode.Parse(await draft.Content.ReadAsStringAsync())!;
        // Summer time starts on Sunday 28 March 2027 at 02:00 in Amsterdam: that hour does not exist. (Easter Sunday
        // too, so the draft has neither hours nor holidays: always open.)
        var alwaysOpen = Rules
            .Replace("\"openingHours\": { \"monday\": [\"09:00-17:00\"] },", string.Empty, StringComparison.Ordinal)
            .Replace("\"publicHolidays\": [\"NL\"],", string.Empty, StringComparison.Ordinal);
        using var clockChange = await SendAsync(http, HttpMethod.Post, weekPath, cookie, token, $$"""{ "weekOf": "2027-03-28", "rules": {{alwaysOpen}} }""");
        var springForward = JsonNode.Parse(await clockChange.Content.ReadAsStringAsync())!["days"]![6]!["hours"]!.AsArray();
        using var badDraft = await SendAsync(http, HttpMethod.Post, weekPath, cookie, token, $$"""{ "rules": {{Rules.Replace("+31612345678", "0612345678", StringComparison.Ordinal)}} }""");
        var badProblem = JsonNode.Parse(await badDraft.Content.ReadAsStringAsync())!;
        using var withoutToken = await SendAsync(http, HttpMethod.Post, weekPath, cookie, token: null, "{}");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("2027-04-26", (string)week["weekOf"]!);
        var monday = week["days"]![0]!["hours"]!.AsArray();
        Assert.Equal("closed", (string)monday[8]!["route"]!);
        Assert.Equal("open", (string)monday[10]!["route"]!);
        Assert.Equal(["+31612345678"], monday[10]!["ringsFirst"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("closed", (string)week["days"]![5]!["hours"]![23]!["route"]!);
        Assert.Contains(week["daysOff"]!.AsArray(), d => (string)d!["date"]! == "2027-04-27" && ((string)d["name"]!).Contains("(NL)", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Equal("open", (string)drafted["days"]![5]!["hours"]![23]!["route"]!);
        Assert.Equal("open", (string)drafted["days"]![6]!["hours"]![1]!["route"]!);
        Assert.Equal("closed", (string)drafted["days"]![6]!["hours"]![2]!["route"]!);

        Assert.Equal(HttpStatusCode.OK, clockChange.StatusCode);
        Assert.Equal(["open", "open", "skipped", "open"], springForward.Take(4).Select(h => (string)h!["route"]!));

        Assert.Equal(HttpStatusCode.BadRequest, badDraft.StatusCode);
        Assert.NotNull(badProblem["errors"]!["rules.ringGroups[0].members[0]"]);
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
    }

    [Fact]
    public async Task TheLinesOverviewTellsInOneAnswerWhichLinesAreOpenNowAndWhoIsFreeOrAway()
    {
        await using var ivr = await env.StartInProcessAsync();
        using var http = Client(ivr);
        var (cookie, token) = await SignInAsync(http);
        var person = AdminClient.LinePath(IvrWithStorage.SupportLine) + "/people/" + Uri.EscapeDataString(IvrWithStorage.SupportAgent);
        using var away = await SendAsync(http, HttpMethod.Put, person, cookie, token, """{ "presence": "away" }""");
        var closed = Rules.Replace("\"monday\": [\"09:00-17:00\"]", "\"monday\": []", StringComparison.Ordinal);
        await ivr.Admin.CreateLineAsync(Line, closed);

        using var answer = await SendAsync(http, HttpMethod.Get, "/api/admin/lines-overview", cookie, token: null);
        var listed = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsArray();
        var lines = listed.ToDictionary(l => (string)l!["number"]!);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, away.StatusCode);
        Assert.Equal([IvrWithStorage.SupportLine, IvrWithStorage.GoodbyeLine, Line], listed.Select(l => (string)l!["number"]!));
        var support = lines[IvrWithStorage.SupportLine]!;
        Assert.Equal(("open", 1, 0, 1), ((string)support["route"]!, (int)support["free"]!, (int)support["busy"]!, (int)support["away"]!));
        Assert.Equal(("closed", "Console line", 1), ((string)lines[Line]!["route"]!, (string)lines[Line]!["name"]!, (int)lines[Line]!["version"]!));
    }

    private static HttpClient Client(RunningIvr ivr) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = ivr.BaseAddress };

    /// <summary>Signs in with the admin key; the session cookie and the antiforgery token of the console's page.</summary>
    private static async Task<(string Cookie, string Token)> SignInAsync(HttpClient http)
    {
        using var signIn = await http.PostAsync("/admin/login", new FormUrlEncodedContent([new("key", IvrProcess.AdminKey)]));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var page = await SendAsync(http, HttpMethod.Get, "/admin", cookie, token: null);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenMeta().Match(html);
        Assert.True(token.Success, "the console's page has no antiforgery token:\n" + html);
        return (cookie, token.Groups[1].Value);
    }

    private static Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpMethod method, string path, string cookie, string? token, string? json = null, string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        if (token is not null)
        {
            request.Headers.Add("X-Ivr-Antiforgery", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return http.SendAsync(request);
    }

    [GeneratedRegex("<meta name=\"ivr-antiforgery\" content=\"([^\"]+)\">")]
    private static partial Regex TokenMeta();
}
