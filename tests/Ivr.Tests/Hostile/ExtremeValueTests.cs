using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Hostile;

/// <summary>
/// Every query parameter and JSON field of the analytics and admin APIs at the edges of its type and of its documented
/// range (the first and last day Ivr takes, 0001-01-01 and 9999-12-31, int.MaxValue and beyond, digits that are not
/// ASCII), over real HTTP. The answer is always a whole response: the data, or a 400 problem+json whose <c>errors</c>
/// names the parameter; never a 5xx, never a connection cut after the headers, never a refused change stored.
/// </summary>
public sealed class ExtremeValueTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31301112244";

    private const string LineRules = """
        { "name": "Edges", "timeZone": "Europe/Amsterdam", "ringGroups": [{ "name": "Desk", "members": ["+31612340001"] }] }
        """;

    /// <summary>Rules that use every date and number at the edges of its range, with both holiday sets.</summary>
    private const string EdgeRules = """
        {
          "name": "Edges",
          "timeZone": "Europe/Amsterdam",
          "openingHours": { "monday": ["00:00-24:00"], "tuesday": ["00:00-24:00"], "wednesday": ["00:00-24:00"], "thursday": ["00:00-24:00"], "friday": ["00:00-24:00"], "saturday": ["00:00-24:00"], "sunday": ["00:00-24:00"] },
          "closures": [
            { "from": "2000-01-01", "name": "First day" },
            { "from": "2199-12-31", "to": "2199-12-31", "name": "Last day" },
            { "from": "2199-12-24", "to": "2000-01-02", "yearly": true, "name": "Winter" }
          ],
          "publicHolidays": ["NL", "DE"],
          "ringGroups": [{ "name": "Desk", "members": ["+31612340001"], "ringTimeoutSeconds": 600 }],
          "menu": { "prompt": "Press 1.", "timeoutSeconds": 10, "options": { "1": "Desk" } },
          "sticky": { "withinDays": 365, "ringTimeoutSeconds": 600 }
        }
        """;

    private static readonly string[] LineField = ["line"];
    private static readonly string[] ByField = ["by"];

    /// <summary>JSON for an int field that no rule takes, within int and beyond it.</summary>
    private static readonly string[] OutOfRangeIntegers = ["0", "-1", "2147483647", "-2147483648", "2147483648", "-2147483649", "99999999999", "1e3", "1.5", "\"99999999999\"", "\"\""];

    /// <summary>Dates no rule takes: the ends of DateOnly, the days just outside Ivr's range, and nearly dates.</summary>
    private static readonly string[] OutOfRangeDates = ["0001-01-01", "9999-12-31", "1999-12-31", "2200-01-01", "10000-01-01", "2026-02-29", "\u0662\u0660\u0662\u0666-01-01"];

    private static readonly string[] AnalyticsPaths = [AnalyticsClient.SummaryPath, AnalyticsClient.HandoffsCsvPath, AnalyticsClient.FiguresCsvPath];

    /// <summary>Query strings (raw, already URL-encoded) and the parameters a 400 must name; none means the data (200).</summary>
    private static readonly (string Query, string[] Fields)[] AnalyticsCases =
    [
        ("from=0001-01-01&to=0001-01-01", ["from", "to"]),
        ("from=9999-12-31&to=9999-12-31", ["from", "to"]),
        ("from=9999-12-31", ["from"]),
        ("from=0001-01-01", ["from"]),
        ("to=0001-01-01", ["to"]),
        ("to=9999-12-31", ["to"]),
        ("from=1999-12-31&to=2000-01-06", ["from"]),
        ("from=2199-12-26&to=2200-01-01", ["to"]),
        ("from=2000-01-01&to=2000-01-01", []),
        ("from=2199-12-31&to=2199-12-31", []),
        ("from=2199-12-25&to=2199-12-31", []),
        ("to=2000-01-01", []),
        ("to=2000-01-03", []),
        ("from=2000-01-01", []),
        ("from=99999-01-01", ["from"]),
        ("from=-0001-01-01", ["from"]),
        ("from=%2B2026-03-01", ["from"]),
        ("from=2026-3-1", ["from"]),
        ("from=2026-02-29", ["from"]),
        ("from=2026-03-01T00:00", ["from"]),
        ("from=%D9%A2%D9%A0%D9%A2%D9%A6-%D9%A0%D9%A3-%D9%A0%D9%A1", ["from"]), // Arabic-Indic digits
        ("to=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-03-07", ["to"]), // full-width digits
        ("from=2026-03-01%00", ["from"]),
        ("from=&to=", []),
        ("from=%20&to=%09", []),
        ("from=%202026-03-01%20&to=2026-03-07", []),
        ("serviceLevelSeconds=0", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=-1", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=601", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=2147483647", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=2147483648", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=-2147483648", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=-2147483649", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=99999999999", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=99999999999999999999999999999", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=1e3", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=20.0", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=%2B20", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=0x14", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=%D9%A2%D9%A0", ["serviceLevelSeconds"]),
        ("serviceLevelSeconds=1", []),
        ("serviceLevelSeconds=600", []),
        ("serviceLevelSeconds=%2020%20", []),
        ("serviceLevelSeconds=", []),
        ("shortAbandonSeconds=-1", ["shortAbandonSeconds"]),
        ("shortAbandonSeconds=61", ["shortAbandonSeconds"]),
        ("shortAbandonSeconds=2147483648", ["shortAbandonSeconds"]),
        ("shortAbandonSeconds=-2147483649", ["shortAbandonSeconds"]),
        ("shortAbandonSeconds=99999999999", ["shortAbandonSeconds"]),
        ("shortAbandonSeconds=%D9%A5", ["shortAbandonSeconds"]),
        ("shortAbandonSeconds=0", []),
        ("shortAbandonSeconds=60", []),
        ("serviceLevelSeconds=99999999999&shortAbandonSeconds=-1&from=0001-01-01&to=9999-12-31", ["from", "serviceLevelSeconds", "shortAbandonSeconds", "to"]),
    ];

    /// <summary>Values of <c>line</c> (raw, URL-encoded) and whether they are refused.</summary>
    private static readonly (string Value, bool Refused)[] LineCases =
    [
        ("%2B", true),
        ("%2B0", true),
        ("%2B999999999999999999999", true),
        ("%2B%D9%A3%D9%A1%D9%A3%D9%A0", true),
        ("%2B31301112244%00", true),
        ("%2B" + new string('9', 1_000), true),
        ("-31301112244", true),
        ("%2B31301112244", false),
        ("%20%2B31301112244%20", false),
        ("", false),
        ("%20", false),
    ];

    /// <summary>Values of figures.csv's <c>by</c> (raw, URL-encoded) and whether they are refused.</summary>
    private static readonly (string Value, bool Refused)[] ByCases =
    [
        ("", true),
        ("%20", true),
        ("DAY", true),
        ("day%00", true),
        ("2147483648", true),
        (new string('x', 2_000), true),
        ("hourOfDay", false),
        ("hour", false),
        ("person", false),
    ];

    [Fact]
    public async Task EveryAnalyticsParameterAtItsExtremesGetsAWholeAnswerOrA400NamingItNeverA5xxOrACutConnection()
    {
        await using var ivr = await env.StartIvrAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, LineRules);
        var analytics = new AnalyticsClient(ivr.Process.Http);
        var line = "line=" + Uri.EscapeDataString(Line);
        var questions = new List<(string PathAndQuery, string[] Fields)>();
        foreach (var path in AnalyticsPaths)
        {
            questions.AddRange(AnalyticsCases.Select(c => ($"{path}?{line}&{c.Query}", c.Fields)));
            questions.AddRange(LineCases.Select(c => ($"{path}?line={c.Value}&from=2026-03-01&to=2026-03-07", c.Refused ? LineField : [])));
        }

        questions.AddRange(ByCases.Select(c => ($"{AnalyticsClient.FiguresCsvPath}?{line}&by={c.Value}", c.Refused ? ByField : [])));

        var failures = new List<string>();
        foreach (var (pathAndQuery, fields) in questions)
        {
            var wrong = await JudgeAsync(() => analytics.GetAsync(pathAndQuery), fields, pathAndQuery.Contains(".csv", StringComparison.Ordinal) ? "text/csv" : "application/json");
            if (wrong is not null)
            {
                failures.Add($"GET {Cut(pathAndQuery)}: {wrong}");
            }
        }

        Assert.False(ivr.Process.Process.HasExited, "Ivr died:\n" + ivr.Process.Output);
        Assert.True(failures.Count == 0, $"{failures.Count} of {questions.Count} questions went wrong:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task TheDashboardShowsItsProblemPageWith400ForParametersOutsideTheirRangeNotA500()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, LineRules);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = ivr.BaseAddress };
        using (var signIn = await browser.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", IvrProcess.AnalystKey)])))
        {
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
        }

        (string Query, string[] Named)[] cases =
        [
            ("from=9999-12-31", ["from"]),
            ("to=0001-01-01", ["to"]),
            ("from=0001-01-01&to=0001-01-01", ["from", "to"]),
            ("from=9999-12-31&to=9999-12-31", ["from", "to"]),
            ("line=" + Uri.EscapeDataString(Line) + "&to=9999-12-31", ["to"]),
            ("serviceLevelSeconds=99999999999&shortAbandonSeconds=-2147483649", ["serviceLevelSeconds", "shortAbandonSeconds"]),
        ];

        var answers = new List<string>();
        foreach (var (query, named) in cases)
        {
            using var page = await browser.GetAsync("/dashboard?" + query);
            var html = await page.Content.ReadAsStringAsync();
            var missing = named.Where(name => !html.Contains(name + ":", StringComparison.Ordinal)).ToList();
            answers.Add($"{query} -> {(int)page.StatusCode} {page.Content.Headers.ContentType?.MediaType}{(missing.Count == 0 ? "" : " without " + string.Join(", ", missing))}");
        }

        Assert.Equal(cases.Select(c => $"{c.Query} -> 400 text/html"), answers);

        // The edges themselves are days like any other.
        using var first = await browser.GetAsync("/dashboard?from=2000-01-01&to=2000-01-07");
        using var last = await browser.GetAsync("/dashboard?from=2199-12-25&to=2199-12-31");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
    }

    /// <summary>A field of the rules (a path into <see cref="EdgeRules"/>), a raw JSON value for it, and what the answer must name (none: accepted).</summary>
    private static readonly (string Field, string Json, string? Named)[] RuleCases =
    [
        .. IntegerEdges("ringGroups[0].ringTimeoutSeconds"),
        .. IntegerEdges("menu.timeoutSeconds"),
        .. IntegerEdges("sticky.withinDays"),
        .. IntegerEdges("sticky.ringTimeoutSeconds"),
        ("ringGroups[0].ringTimeoutSeconds", "5", null),
        ("menu.timeoutSeconds", "1", null),
        ("sticky.withinDays", "1", null),
        ("sticky.withinDays", "\"365\"", null),
        .. DateEdges("closures[0].from"),
        .. DateEdges("closures[1].to"),
        .. DateEdges("closures[2].from"),
        .. DateEdges("closures[2].to"),
        ("closures[1].to", "\"2000-01-01\"", "closures[1].to"), // before its own start
        ("closures[2].from", "\"2000-01-01\"", null),
        ("closures[2].to", "\"2199-12-31\"", null),
    ];

    private static IEnumerable<(string, string, string?)> IntegerEdges(string field) => OutOfRangeIntegers.Select(v => (field, v, (string?)field));

    private static IEnumerable<(string, string, string?)> DateEdges(string field) => OutOfRangeDates.Select(v => (field, $"\"{v}\"", (string?)field));

    [Fact]
    public async Task EveryNumberAndDateOfTheRulesAtItsExtremesGets400NamingItAndNothingIsStored()
    {
        await using var ivr = await env.StartIvrAsync(seedLines: false);
        var failures = new List<string>();
        var created = 0;
        for (var i = 0; i < RuleCases.Length; i++)
        {
            var (field, json, named) = RuleCases[i];
            var rules = JsonNode.Parse(EdgeRules)!;
            Set(rules, field, JsonNode.Parse(json));
            var body = rules.ToJsonString();
            var number = "+3187" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture);
            var what = $"{field} = {json}";

            var put = await JudgeAsync(() => ivr.Admin.PutLineAsync(number, body), named is null ? [] : [named], "application/json", accepted: HttpStatusCode.Created);
            var dryRun = await JudgeAsync(
                () => ivr.Admin.SendAsync(HttpMethod.Post, AdminClient.LinePath(number) + "/dry-run", $$"""{ "at": "2026-03-02T10:00", "rules": {{body}} }"""),
                named is null ? [] : ["rules." + named],
                "application/json");
            using var read = await ivr.Admin.GetLineAsync(number);
            var stored = read.StatusCode == HttpStatusCode.OK;
            if (put is not null)
            {
                failures.Add($"PUT {what}: {put}");
            }

            if (dryRun is not null)
            {
                failures.Add($"dry run with {what}: {dryRun}");
            }

            if (stored != (named is null))
            {
                failures.Add($"PUT {what}: then GET answers {(int)read.StatusCode}");
            }

            created += stored ? 1 : 0;
        }

        Assert.False(ivr.Process.Process.HasExited, "Ivr died:\n" + ivr.Process.Output);
        Assert.True(failures.Count == 0, $"{failures.Count} wrong answers for {RuleCases.Length} rules:\n" + string.Join("\n", failures));
        Assert.Equal(RuleCases.Count(c => c.Named is null), created);
    }

    /// <summary>Values of the dry run's <c>at</c> (JSON) and whether they are refused.</summary>
    private static readonly (string At, bool Refused)[] AtCases =
    [
        ("\"0001-01-01T00:00\"", true),
        ("\"9999-12-31T23:59\"", true),
        ("\"9999-12-31T23:59:59\"", true),
        ("\"9999-12-31T23:59:59-14:00\"", true),
        ("\"9999-12-31T23:59:59Z\"", true),
        ("\"0001-01-01T00:00+14:00\"", true),
        ("\"0001-01-01T00:00:00Z\"", true),
        ("\"0001-01-01T00:00:00.000-14:00\"", true),
        ("\"1999-12-31T23:59\"", true),
        ("\"2200-01-01T00:00\"", true),
        ("\"2200-01-01T00:00:00Z\"", true),
        ("\"1999-12-31T23:59:59Z\"", true),
        ("\"2000-01-01T00:00:00+14:00\"", true), // 1999-12-31T10:00Z
        ("\"2199-12-31T23:59:59-14:00\"", true), // 2200-01-01T13:59:59Z
        ("\"10000-01-01T00:00\"", true),
        ("\"2026-13-01T00:00\"", true),
        ("\"2026-03-02T10:00+99:00\"", true),
        ("\"\u0662\u0660\u0662\u0666-03-02T10:00\"", true),
        ("\"\"", true),
        ("\" \"", true),
        ("20260302", true),
        ("\"2000-01-01T00:00\"", false),
        ("\"2000-01-01T00:00:00Z\"", false),
        ("\"2000-01-01T00:00:00-14:00\"", false),
        ("\"2199-12-31T23:59\"", false),
        ("\"2199-12-31T23:59:59\"", false),
        ("\"2199-12-31T23:59:59Z\"", false),
        ("\"2199-12-31T23:59:59+14:00\"", false),
        ("\"2199-12-31T23:59:59.999Z\"", false),
    ];

    [Fact]
    public async Task ADryRunAtAMomentOutsideTheRangeGets400NamingAtAndInsideItAnswersEvenAtTheEdgesOfEveryRule()
    {
        await using var ivr = await env.StartIvrAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, EdgeRules);
        var path = AdminClient.LinePath(Line) + "/dry-run";
        var failures = new List<string>();
        foreach (var (at, refused) in AtCases)
        {
            // With a caller, so the sticky lookup (365 days back from the moment) runs as well.
            foreach (var body in new[] { $$"""{ "from": "+31655550001", "at": {{at}} }""", $$"""{ "from": "+31655550001", "at": {{at}}, "digits": "1", "rules": {{EdgeRules}} }""" })
            {
                var saved = body.Contains("rules", StringComparison.Ordinal) ? "draft" : "saved";
                string? answer = null;
                var wrong = await JudgeAsync(() => ivr.Admin.SendAsync(HttpMethod.Post, path, body), refused ? ["at"] : [], "application/json", read: text => answer = text);
                if (wrong is not null)
                {
                    failures.Add($"at {at} ({saved} rules): {wrong}");
                }
                else if (!refused && JsonNode.Parse(answer!)!["route"]?.GetValue<string>() != "closed")
                {
                    // Every edge day is closed: a closure, a yearly closure or New Year's Day.
                    failures.Add($"at {at} ({saved} rules): not closed: {Cut(answer!)}");
                }
            }
        }

        (string Body, string Field)[] others =
        [
            ("""{ "from": "+" }""", "from"),
            ("""{ "from": "+0" }""", "from"),
            ("""{ "from": "+99999999999999999999" }""", "from"),
            ("""{ "from": "+\u0663\u0661\u0666\u0661\u0662" }""", "from"),
            ("""{ "from": 31612345678 }""", "from"),
            ("""{ "digits": "" }""", "digits"),
            ("""{ "digits": "10" }""", "digits"),
            ("""{ "digits": "\u0663" }""", "digits"),
            ("""{ "digits": -1 }""", "digits"),
            ("""{ "digits": 2147483648 }""", "digits"),
        ];
        foreach (var (body, field) in others)
        {
            var wrong = await JudgeAsync(() => ivr.Admin.SendAsync(HttpMethod.Post, path, body), [field], "application/json");
            if (wrong is not null)
            {
                failures.Add($"{body}: {wrong}");
            }
        }

        Assert.False(ivr.Process.Process.HasExited, "Ivr died:\n" + ivr.Process.Output);
        Assert.True(failures.Count == 0, $"{failures.Count} wrong dry runs:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task AVersionNumberAtTheEdgesOfItsTypeGetsA4xxNeverA5xx()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        var etag = await ivr.Admin.CreateLineAsync(Line, LineRules);
        var failures = new List<string>();
        foreach (var version in new[] { "0", "-1", "2", "2147483647", "-2147483648", "2147483648", "-2147483649", "99999999999", "1e3", "%D9%A1" })
        {
            foreach (var (method, suffix) in new[] { (HttpMethod.Get, ""), (HttpMethod.Post, "/restore") })
            {
                using var response = await ivr.Admin.SendAsync(method, $"{AdminClient.LinePath(Line)}/versions/{version}{suffix}", ifMatch: etag);
                var (text, cut) = await ReadWholeAsync(response);
                if (cut is not null || (int)response.StatusCode is < 400 or >= 500)
                {
                    failures.Add($"{method} versions/{version}{suffix}: {(int)response.StatusCode} {cut ?? Cut(text)}");
                }
            }
        }

        using var read = await ivr.Admin.GetLineAsync(Line);
        Assert.Equal(etag, read.Headers.ETag?.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// What is wrong with the answer (null when right): with <paramref name="fields"/>, a 400 problem+json naming exactly
    /// them; without, the data as <paramref name="mediaType"/>. Either way the whole body arrives.
    /// </summary>
    private static async Task<string?> JudgeAsync(
        Func<Task<HttpResponseMessage>> send, string[] fields, string mediaType, HttpStatusCode accepted = HttpStatusCode.OK, Action<string>? read = null)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException ex)
        {
            return $"no answer: {ex.Message}";
        }

        using (response)
        {
            var (text, cut) = await ReadWholeAsync(response);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            if (cut is not null)
            {
                return $"{status} {type}, then the connection was cut: {cut}";
            }

            read?.Invoke(text);
            if (fields.Length == 0)
            {
                return response.StatusCode == accepted && type == mediaType ? null : $"{status} {type}, expected {(int)accepted} {mediaType}: {Cut(text)}";
            }

            if (status != 400 || type != "application/problem+json")
            {
                return $"{status} {type}, expected 400 naming {string.Join(", ", fields)}: {Cut(text)}";
            }

            var named = JsonNode.Parse(text)?["errors"]?.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList() ?? [];
            return named.SequenceEqual(fields.Order(StringComparer.Ordinal)) ? null : $"400 naming [{string.Join(", ", named)}], expected [{string.Join(", ", fields)}]: {Cut(text)}";
        }
    }

    /// <summary>The whole body, or why it did not all arrive (a response that stops after its headers).</summary>
    private static async Task<(string Text, string? Cut)> ReadWholeAsync(HttpResponseMessage response)
    {
        try
        {
            return (await response.Content.ReadAsStringAsync(), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return ("", $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Sets the member a path such as <c>ringGroups[0].ringTimeoutSeconds</c> leads to.</summary>
    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var steps = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        var node = root;
        for (var i = 0; i < steps.Length - 1; i++)
        {
            node = Step(node, steps[i]);
        }

        var last = steps[^1];
        if (last.StartsWith('['))
        {
            node.AsArray()[int.Parse(last[1..^1], CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node.AsObject()[last] = value;
        }
    }

    private static JsonNode Step(JsonNode node, string step) =>
        step.StartsWith('[') ? node.AsArray()[int.Parse(step[1..^1], CultureInfo.InvariantCulture)]! : node[step]!;

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
