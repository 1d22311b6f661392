using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>The admin API over real HTTP, with rules stored in Azurite and calls signed by the twilio package.</summary>
public sealed partial class AdminApiTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31301234567";
    private const string Agent = "+31612340001";
    private const string OtherAgent = "+31612340002";

    private static string Rules(string name, string member) => $$"""
        { "name": "{{name}}", "timeZone": "Europe/Amsterdam", "ringGroups": [{ "name": "Desk", "members": ["{{member}}"] }] }
        """;

    [Fact]
    public async Task RequestsWithoutAValidAdminKeyGet401AndChangeNothing()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        using var missing = await new AdminClient(ivr.Http, key: null).PutLineAsync(Line, Rules("Sales", Agent));
        using var wrong = await ivr.Admin.SendAsync(HttpMethod.Put, AdminClient.LinePath(Line), Rules("Sales", Agent), withKey: IvrProcess.AdminKey + "x");
        using var list = await new AdminClient(ivr.Http, key: "nope").SendAsync(HttpMethod.Get, "/api/admin/lines");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", Assert.Single(missing.Headers.WwwAuthenticate).Scheme);
        using var read = await ivr.Admin.GetLineAsync(Line);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task InvalidRulesGet400NamingEachFieldAndNothingIsStored()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        const string invalid = """
            {
              "timeZone": "Mars/Olympus",
              "openingHours": { "monday": ["09:00-12:00", "11:00-17:00"] },
              "publicHolidays": ["FR"],
              "ringGroups": [{ "name": "Desk", "members": ["0612345678", "+31301234567"], "ringTimeoutSeconds": 700 }],
              "menu": { "prompt": "Press 1", "options": { "1": "Nobody" } }
            }
            """;

        using var response = await ivr.Admin.PutLineAsync(Line, invalid);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["menu.options.1", "openingHours.monday[1]", "publicHolidays[0]", "ringGroups[0].members[0]", "ringGroups[0].members[1]", "ringGroups[0].ringTimeoutSeconds", "timeZone"],
            fields);
        using var read = await ivr.Admin.GetLineAsync(Line);
        using var history = await ivr.Admin.SendAsync(HttpMethod.Get, AdminClient.LinePath(Line) + "/versions");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
    }

    [Theory]
    [InlineData("""{ "timeZone": "Europe/Amsterdam", "ringGroup": [] }""", "ringGroup")]
    [InlineData("""{ "timeZone": "Europe/Amsterdam", "ringGroups": [{ "members": ["+31612340001"], "ringTimeoutSeconds": "soon" }] }""", "ringGroups[0].ringTimeoutSeconds")]
    [InlineData("""{ "timeZone": "Europe/Amsterdam", "texts": { "leaveAMessage": "Hi", "welcome": "Hello" } }""", "texts.welcome")]
    [InlineData("""{ "timeZone": """, "timeZone")]
    [InlineData("not json", "body")]
    public async Task UnreadableJsonGets400NamingTheField(string body, string field)
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        using var response = await ivr.Admin.PutLineAsync(Line, body);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task TwoAdminsEditingTheSameLineCannotOverwriteEachOther()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        var etag = await ivr.Admin.CreateLineAsync(Line, Rules("Sales", Agent));

        using var first = await ivr.Admin.PutLineAsync(Line, Rules("Sales (Alice)", Agent), ifMatch: etag);
        using var second = await ivr.Admin.PutLineAsync(Line, Rules("Sales (Bob)", OtherAgent), ifMatch: etag);
        using var blind = await ivr.Admin.PutLineAsync(Line, Rules("Sales (Carol)", OtherAgent));
        using var blindDelete = await ivr.Admin.SendAsync(HttpMethod.Delete, AdminClient.LinePath(Line));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal((HttpStatusCode)428, blind.StatusCode);
        Assert.Equal((HttpStatusCode)428, blindDelete.StatusCode);
        using var read = await ivr.Admin.GetLineAsync(Line);
        var current = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal("Sales (Alice)", current["name"]!.GetValue<string>());
        Assert.Equal(first.Headers.ETag, read.Headers.ETag);
    }

    [Fact]
    public async Task EveryChangeIsKeptAsAVersionAndAnOldOneCanBeRestored()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        var v1 = await ivr.Admin.CreateLineAsync(Line, Rules("Sales", Agent));
        using var replaced = await ivr.Admin.PutLineAsync(Line, Rules("Sales", OtherAgent), ifMatch: v1);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);

        using var restore = await ivr.Admin.SendAsync(HttpMethod.Post, AdminClient.LinePath(Line) + "/versions/1/restore", ifMatch: replaced.Headers.ETag!.ToString());
        using var historyResponse = await ivr.Admin.SendAsync(HttpMethod.Get, AdminClient.LinePath(Line) + "/versions");
        var history = JsonNode.Parse(await historyResponse.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal([3, 2, 1], history.Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(["restored version 1", "replaced", "created"], history.Select(v => v!["change"]!.GetValue<string>()));
        Assert.All(history, v => Assert.Matches("^key [0-9a-f]{8}$", v!["changedBy"]!.GetValue<string>()));
        Assert.DoesNotContain(IvrProcess.AdminKey, await historyResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var twiml = await new SimulatedCall(ivr.Twilio, Line).ArriveAsync();
        Assert.Equal(Agent, Assert.Single(twiml.Root!.Element("Dial")!.Elements()).Value);
    }

    [Fact]
    public async Task ARuleChangeReachesTheCallPathOfEveryInstanceWithoutARestart()
    {
        var table = HandoffRecords.UniqueTableName();
        static void QuickRefresh(Dictionary<string, string?> s) => s["Rules__RefreshInterval"] = "00:00:01";
        await using var first = await env.StartInProcessAsync(QuickRefresh, seedLines: false, table: table);
        await using var second = await env.StartInProcessAsync(QuickRefresh, seedLines: false, table: table);
        var etag = await first.Admin.CreateLineAsync(Line, Rules("Sales", Agent));
        Assert.Equal(Agent, await FirstRungOnAsync(second, Agent));

        using var change = await first.Admin.PutLineAsync(Line, Rules("Sales", OtherAgent), ifMatch: etag);

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal(OtherAgent, await FirstRungOnAsync(first, OtherAgent));
        Assert.Equal(OtherAgent, await FirstRungOnAsync(second, OtherAgent));
    }

    [Fact]
    public async Task TheDryRunPredictsExactlyTheDialARealCallGets()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        const string rules = """
            {
              "name": "Front desk",
              "timeZone": "Europe/Amsterdam",
              "language": "nl-NL",
              "ringGroups": [
                { "name": "Desk", "members": ["+31612340001", "+31612340002"], "strategy": "sequential", "ringTimeoutSeconds": 12 },
                { "name": "Backup", "members": ["client:carol"] }
              ],
              "callerId": "line"
            }
            """;
        await ivr.Admin.CreateLineAsync(Line, rules);

        var prediction = await ivr.Admin.DryRunAsync(Line, """{ "from": "+31611112222" }""");
        var twiml = await new SimulatedCall(ivr.Twilio, Line, caller: "+31611112222").ArriveAsync();

        var predicted = XDocument.Parse(prediction["twiml"]!.GetValue<string>());
        Assert.Equal(WithoutArrivalInstant(twiml.ToString()), WithoutArrivalInstant(predicted.ToString()));
        var dial = twiml.Root!.Element("Dial")!;
        Assert.Equal(Line, dial.Attribute("callerId")?.Value);
        Assert.Equal("12", dial.Attribute("timeout")?.Value);
        Assert.Equal("+31612340001", Assert.Single(dial.Elements()).Value);
        Assert.Equal(3, prediction["steps"]!.AsArray().Count);
    }

    [Fact]
    public async Task ADryRunOfADraftAtSaturdayEveningShowsTheAfterHoursPathAndStoresNothing()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        const string request = """
            {
              "from": "+31611112222",
              "at": "2026-11-28T18:05",
              "rules": {
                "timeZone": "Europe/Amsterdam",
                "openingHours": { "monday": ["09:00-17:00"], "saturday": ["10:00-16:00"] },
                "ringGroups": [{ "name": "Desk", "members": ["+31612340001"] }],
                "afterHours": { "action": "forward", "forwardTo": "+31612349999" }
              }
            }
            """;

        var result = await ivr.Admin.DryRunAsync(Line, request);

        Assert.Equal("closed", result["route"]!.GetValue<string>());
        Assert.Equal("2026-11-28T18:05:00", result["localTime"]!.GetValue<string>());
        Assert.Contains(result["path"]!.AsArray(), p => p!.GetValue<string>().Contains("outside opening hours", StringComparison.Ordinal));
        var dial = XDocument.Parse(result["twiml"]!.GetValue<string>()).Root!.Element("Dial")!;
        Assert.Equal("+31612349999", Assert.Single(dial.Elements()).Value);
        using var read = await ivr.Admin.GetLineAsync(Line);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task ADryRunAtALocalTimeTheClocksSkipIsRefusedNamingAt()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules("Sales", Agent));

        using var response = await ivr.Admin.SendAsync(HttpMethod.Post, AdminClient.LinePath(Line) + "/dry-run", """{ "at": "2026-03-29T02:30" }""");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["at"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheAdminApi()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        var document = JsonNode.Parse(await ivr.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/admin/lines/{number}", paths);
        Assert.Contains("/api/admin/lines/{number}/dry-run", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/voice", StringComparison.Ordinal));
        Assert.NotNull(document["paths"]!["/api/admin/lines/{number}"]!["put"]);
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresTheBearerKeysOnEveryKeyedOperation()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        var document = JsonNode.Parse(await ivr.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var scheme = document["components"]?["securitySchemes"]?["bearer"];
        Assert.Equal("http", scheme?["type"]?.GetValue<string>());
        Assert.Equal("bearer", scheme?["scheme"]?.GetValue<string>());
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Path: path.Key, Method: operation.Key, Security: operation.Value!["security"])))
            .ToList();
        var keyed = operations.Where(o => o.Path.StartsWith("/api/admin/", StringComparison.Ordinal) || o.Path.StartsWith("/api/analytics/", StringComparison.Ordinal) || o.Path == "/api/self-test").ToList();
        Assert.True(keyed.Count >= 12, $"only {keyed.Count} keyed operations");
        foreach (var (path, method, security) in keyed)
        {
            var role = path.StartsWith("/api/analytics/", StringComparison.Ordinal) ? "analyst" : "admin";
            Assert.True(
                security?[0]?["bearer"]?.AsArray().Select(r => r!.GetValue<string>()).SequenceEqual([role]) == true,
                $"{method} {path}: security {security?.ToJsonString() ?? "missing"}");
        }

        // The health check is guarded by the Functions host's key, not by a Bearer key.
        Assert.DoesNotContain(operations, o => o.Path == "/api/health" && o.Security is not null);
    }

    [Theory]
    [InlineData("/api/admin/lines", "get", "200 401 429 503")]
    [InlineData("/api/admin/lines/{number}", "get", "200 400 401 404 429 503")]
    [InlineData("/api/admin/lines/{number}", "put", "200 201 400 401 412 428 429 503")]
    [InlineData("/api/admin/lines/{number}", "delete", "204 400 401 404 412 428 429 503")]
    [InlineData("/api/admin/lines/{number}/versions", "get", "200 400 401 404 429 503")]
    [InlineData("/api/admin/lines/{number}/versions/{version}", "get", "200 400 401 404 429 503")]
    [InlineData("/api/admin/lines/{number}/versions/{version}/restore", "post", "200 400 401 404 412 428 429 503")]
    [InlineData("/api/admin/lines/{number}/dry-run", "post", "200 400 401 429 503")]
    [InlineData("/api/analytics/summary", "get", "200 400 401 404 429 503")]
    [InlineData("/api/analytics/handoffs.csv", "get", "200 400 401 404 429 503")]
    [InlineData("/api/analytics/figures.csv", "get", "200 400 401 404 429 503")]
    [InlineData("/api/self-test", "get", "200 401 429")]
    public async Task TheOpenApiDocumentListsEveryAnswerAnOperationGives(string path, string method, string statuses)
    {
        await using var ivr = await env.StartIvrAsync(seedLines: false);

        var document = JsonNode.Parse(await ivr.Process.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var responses = document["paths"]?[path]?[method]?["responses"]?.AsObject();
        Assert.NotNull(responses);
        Assert.Equal(statuses, string.Join(' ', responses.Select(r => r.Key).Order(StringComparer.Ordinal)));
        foreach (var (status, success) in responses.Where(r => r.Key[0] == '2'))
        {
            var content = success!["content"]?.AsObject().Select(c => c.Key).Single();
            Assert.Equal(path.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : status == "204" ? null : "application/json", content);
        }

        Assert.All(responses.Where(r => r.Key[0] is '4' or '5'), r => Assert.Contains("problem+json", r.Value!["content"]!.AsObject().Single().Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswersWritePhoneNumbersAndMarkupCharactersAsPlainJson()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        const string name = "Sales <NL> & 'Support'";

        using var put = await ivr.Admin.PutLineAsync(Line, Rules(name, Agent));
        var bodies = new List<(string What, string Body)> { ("put", await put.Content.ReadAsStringAsync()) };
        foreach (var path in new[] { AdminClient.LinePath(Line), "/api/admin/lines", AdminClient.LinePath(Line) + "/versions", AdminClient.LinePath(Line) + "/versions/1", "/api/self-test" })
        {
            using var response = await ivr.Admin.SendAsync(HttpMethod.Get, path);
            bodies.Add((path, await response.Content.ReadAsStringAsync()));
        }

        using var dryRun = await ivr.Admin.SendAsync(HttpMethod.Post, AdminClient.LinePath(Line) + "/dry-run", """{ "from": "+31612345678" }""");
        bodies.Add(("dry run", await dryRun.Content.ReadAsStringAsync()));

        foreach (var (what, body) in bodies)
        {
            Assert.True(!body.Contains("\\u00", StringComparison.Ordinal), $"{what} escapes characters: {body}");
        }

        Assert.Contains(Line, bodies[0].Body, StringComparison.Ordinal);
        Assert.Contains(name, bodies[1].Body, StringComparison.Ordinal);
        Assert.Contains("<Response>", bodies[^1].Body, StringComparison.Ordinal);
        Assert.Contains("<Response>", bodies[^2].Body, StringComparison.Ordinal);
    }

    /// <summary>Places signed calls until the first person rung is <paramref name="expected"/> (or ten seconds pass).</summary>
    private static async Task<string?> FirstRungOnAsync(RunningIvr ivr, string expected)
    {
        string? rung = null;
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(10) && rung != expected; await Task.Delay(200))
        {
            var twiml = await new SimulatedCall(ivr.Twilio, Line).ArriveAsync();
            rung = twiml.Root!.Element("Dial")?.Elements().FirstOrDefault()?.Value;
        }

        return rung;
    }

    private static string WithoutArrivalInstant(string twiml) => ArrivalInstant().Replace(twiml, "arrived=…");

    [GeneratedRegex(@"arrived=[0-9A-Z]+")]
    private static partial Regex ArrivalInstant();
}
