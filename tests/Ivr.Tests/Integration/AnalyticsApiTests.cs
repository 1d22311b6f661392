using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// The analytics API over real HTTP against records in Azurite: records made by signed calls, and records written
/// straight into the table. Every expected figure is computed here from the calls the test made.
/// </summary>
public sealed class AnalyticsApiTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string SeededLine = "+31301112233";

    private const string SeededRules = """
        { "name": "Seeded", "timeZone": "Europe/Amsterdam", "ringGroups": [{ "name": "Desk", "members": ["+31612340001"] }] }
        """;

    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private static readonly string[] AnalyticsPaths = [AnalyticsClient.SummaryPath, AnalyticsClient.HandoffsCsvPath, AnalyticsClient.FiguresCsvPath];

    [Fact]
    public async Task AnalyticsOpensOnlyWithAnAnalystKeyAndTheAnalystKeyOpensNoAdminApi()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        var analyst = new AnalyticsClient(ivr.Http);
        var anonymous = new AnalyticsClient(ivr.Http, key: null);

        foreach (var path in AnalyticsPaths)
        {
            using var missing = await anonymous.GetAsync(path);
            using var admin = await analyst.GetAsync(path, withKey: IvrProcess.AdminKey);
            using var wrong = await analyst.GetAsync(path, withKey: IvrProcess.AnalystKey + "x");
            using var allowed = await analyst.GetAsync(path);

            foreach (var refused in new[] { missing, admin, wrong })
            {
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
                Assert.Equal(401, JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["status"]!.GetValue<int>());
            }

            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"{path} with the analyst key: {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
        }

        using var adminWithAnalystKey = await new AdminClient(ivr.Http, key: IvrProcess.AnalystKey).SendAsync(HttpMethod.Get, "/api/admin/lines");
        using var adminWithAdminKey = await ivr.Admin.SendAsync(HttpMethod.Get, "/api/admin/lines");
        Assert.Equal(HttpStatusCode.Unauthorized, adminWithAnalystKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminWithAdminKey.StatusCode);
    }

    [Fact]
    public async Task BadQuestionsGet400NamingEachFieldAndUnknownLinesGet404()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(SeededLine, SeededRules);
        var analytics = new AnalyticsClient(ivr.Http);
        var line = "line=" + Uri.EscapeDataString(SeededLine);
        (string Query, string[] Fields)[] cases =
        [
            ($"summary?{line}&from=2026-02-30&to=2026-03-01", ["from"]),
            ($"summary?{line}&from=1.3.2026", ["from"]),
            ($"summary?{line}&to=tomorrow", ["to"]),
            ($"summary?{line}&from=2026-03-10&to=2026-03-09", ["to"]),
            ($"summary?{line}&from=2025-01-01&to=2026-02-05", ["to"]), // 401 days
            ("summary?line=31301112233", ["line"]),
            ("summary?line=%2B31-30-1112233", ["line"]),
            ($"summary?{line}&serviceLevelSeconds=0", ["serviceLevelSeconds"]),
            ($"summary?{line}&serviceLevelSeconds=601", ["serviceLevelSeconds"]),
            ($"summary?{line}&serviceLevelSeconds=twenty", ["serviceLevelSeconds"]),
            ($"summary?{line}&shortAbandonSeconds=61", ["shortAbandonSeconds"]),
            ("summary?line=0301112233&from=2026-13-01&serviceLevelSeconds=-1", ["from", "line", "serviceLevelSeconds"]),
            ($"handoffs.csv?{line}&from=2026-03-10&to=2026-03-01", ["to"]),
            ($"figures.csv?{line}&by=week", ["by"]),
            ($"figures.csv?{line}&by=day&serviceLevelSeconds=0", ["serviceLevelSeconds"]),
        ];

        var answers = new List<string>();
        foreach (var (query, _) in cases)
        {
            using var response = await analytics.GetAsync("/api/analytics/" + query);
            var body = await response.Content.ReadAsStringAsync();
            var fields = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? string.Join(",", JsonNode.Parse(body)!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal))
                : body;
            answers.Add($"{query} -> {(int)response.StatusCode} {fields}");
        }

        Assert.Equal(cases.Select(c => $"{c.Query} -> 400 {string.Join(",", c.Fields)}"), answers);

        // The longest period allowed, 400 days, is fine.
        using var longest = await analytics.GetAsync($"/api/analytics/summary?{line}&from=2025-01-01&to=2026-02-04");
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);

        foreach (var path in AnalyticsPaths)
        {
            using var unknown = await analytics.GetAsync(path + "?line=" + Uri.EscapeDataString("+31209999999"));
            using var known = await analytics.GetAsync(path + "?" + line);
            Assert.True(unknown.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)unknown.StatusCode}");
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        }
    }

    [Fact]
    public async Task SignedCallsShowUpInTodaysSummaryWithTheirRingGroupAndPerson()
    {
        await using var ivr = await env.StartInProcessAsync();
        var group = JsonNode.Parse(IvrWithStorage.SupportRules)!["ringGroups"]![0]!["name"]!.GetValue<string>();
        var alice = "client:" + IvrWithStorage.SupportClient;
        var byAgent = ivr.NewCall();
        var byAlice = ivr.NewCall();
        var hungUp = ivr.NewCall();

        var arrivedBy = Environment.TickCount64;
        await Task.WhenAll(byAgent.ArriveAsync(), byAlice.ArriveAsync(), hungUp.ArriveAsync());
        await Task.Delay(300);
        await byAgent.AnswerAsync(IvrWithStorage.SupportAgent);
        var aliceCallback = byAlice.Twiml!.Root!.Element("Dial")!.Elements().Single(e => e.Value == IvrWithStorage.SupportClient).Attribute("statusCallback")!.Value;
        await byAlice.AnswerViaAsync(aliceCallback, alice);
        var answeredBy = Environment.TickCount64;
        await hungUp.EndAsync();
        foreach (var answered in new[] { byAgent, byAlice })
        {
            await answered.DialEndsAsync("completed", bridged: true);
            await answered.EndAsync();
        }

        static bool Done(TableEntity r) => r.GetString("EndStatus") is not null;
        var agentRecord = await ivr.Records.WaitForAsync(byAgent.CallSid, r => Done(r) && r.GetString("AnsweredBy") is not null && r.GetString("DialStatus") is not null);
        var aliceRecord = await ivr.Records.WaitForAsync(byAlice.CallSid, r => Done(r) && r.GetString("AnsweredBy") is not null && r.GetString("DialStatus") is not null);
        var hungUpRecord = await ivr.Records.WaitForAsync(hungUp.CallSid, Done);

        // What the test did, with the durations the records measured.
        var calls = new List<SeededCall>
        {
            new(IvrWithStorage.SupportLine, byAgent.CallSid, agentRecord.GetDateTimeOffset("ArrivedAt")!.Value, SeededCall.Answered) { TimeToHumanMs = agentRecord.GetInt64("TimeToHumanMs") },
            new(IvrWithStorage.SupportLine, byAlice.CallSid, aliceRecord.GetDateTimeOffset("ArrivedAt")!.Value, SeededCall.Answered) { TimeToHumanMs = aliceRecord.GetInt64("TimeToHumanMs") },
            new(IvrWithStorage.SupportLine, hungUp.CallSid, hungUpRecord.GetDateTimeOffset("ArrivedAt")!.Value, SeededCall.Abandoned) { WaitMs = hungUpRecord.GetInt64("WaitMs") },
        };
        // Measured by Ivr between the arrival and the answer, so within what the test saw of both.
        Assert.All(calls.Take(2), c => Assert.InRange(c.TimeToHumanMs!.Value, 300, answeredBy - arrivedBy + 50));
        var today = Today();
        var summary = await new AnalyticsClient(ivr.Http).SummaryAsync(IvrWithStorage.SupportLine, today.AddDays(-1), today);

        Assert.Equal(IvrWithStorage.SupportLine, summary["line"]!.GetValue<string>());
        Assert.Equal(3, summary["totals"]!["calls"]!.GetValue<long>());
        Assert.Equal(2, summary["totals"]!["answered"]!.GetValue<long>());
        Assert.Equal(1, summary["totals"]!["abandoned"]!.GetValue<long>());
        var problems = ExpectedFigures.Mismatches("totals", calls, summary["totals"], 20, 5);
        foreach (var day in calls.GroupBy(c => c.LocalArrival(Amsterdam).Day))
        {
            problems.AddRange(ExpectedFigures.Mismatches(AnalyticsClient.Day(day.Key), day.ToList(), Slice(summary["byDay"], AnalyticsClient.Day(day.Key)), 20, 5));
        }

        foreach (var hour in calls.GroupBy(c => c.LocalArrival(Amsterdam).Hour))
        {
            var slice = hour.Key.ToString("00", CultureInfo.InvariantCulture);
            problems.AddRange(ExpectedFigures.Mismatches("hour " + slice, hour.ToList(), Slice(summary["byHourOfDay"], slice), 20, 5));
        }

        Assert.Empty(problems);
        var ringGroup = Assert.Single(summary["byRingGroup"]!.AsArray());
        Assert.Equal(group, ringGroup!["name"]!.GetValue<string>());
        Assert.Equal(2, ringGroup["answered"]!.GetValue<long>());
        var people = summary["byPerson"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["answered"]!.GetValue<long>());
        Assert.Equal(new Dictionary<string, long> { [IvrWithStorage.SupportAgent] = 1, [alice] = 1 }, people);
        Assert.Equal(3, summary["cost"]!["recordsRead"]!.GetValue<long>());
    }

    [Fact]
    public async Task TheSummaryOfSeededCallsMatchesFiguresComputedFromThemPerLocalDayAndHour()
    {
        var (ivr, inPeriod, from, to) = await StartSeededAsync(seed: 20261101);
        await using var _ = ivr;
        var analytics = new AnalyticsClient(ivr.Http);
        var problems = new List<string>();

        foreach (var (sl, shortAbandon) in new[] { (20, 5), (10, 3) })
        {
            var summary = sl == 20
                ? await analytics.SummaryAsync(SeededLine, from, to)
                : await analytics.SummaryAsync(SeededLine, from, to, sl, shortAbandon);
            var label = $"[sl {sl}, short {shortAbandon}] ";

            Assert.Equal(SeededLine, summary["line"]!.GetValue<string>());
            Assert.Equal([SeededLine], summary["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
            Assert.Equal(AnalyticsClient.Day(from), summary["from"]!.GetValue<string>());
            Assert.Equal(AnalyticsClient.Day(to), summary["to"]!.GetValue<string>());
            Assert.Equal(sl, summary["serviceLevelSeconds"]!.GetValue<int>());
            Assert.Equal(shortAbandon, summary["shortAbandonSeconds"]!.GetValue<int>());
            Assert.Equal(inPeriod.Count, summary["cost"]!["recordsRead"]!.GetValue<long>());

            problems.AddRange(ExpectedFigures.Mismatches(label + "totals", inPeriod, summary["totals"], sl, shortAbandon));
            var days = summary["byDay"]!.AsArray();
            Assert.Equal(Days(from, to).Select(AnalyticsClient.Day), days.Select(d => d!["slice"]!.GetValue<string>()));
            foreach (var day in Days(from, to))
            {
                var calls = inPeriod.Where(c => c.LocalArrival(Amsterdam).Day == day).ToList();
                problems.AddRange(ExpectedFigures.Mismatches(label + AnalyticsClient.Day(day), calls, Slice(days, AnalyticsClient.Day(day)), sl, shortAbandon));
            }

            var hours = summary["byHourOfDay"]!.AsArray();
            Assert.Equal(Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture)), hours.Select(h => h!["slice"]!.GetValue<string>()));
            for (var hour = 0; hour < 24; hour++)
            {
                var calls = inPeriod.Where(c => c.LocalArrival(Amsterdam).Hour == hour).ToList();
                var slice = hour.ToString("00", CultureInfo.InvariantCulture);
                problems.AddRange(ExpectedFigures.Mismatches(label + "hour " + slice, calls, Slice(hours, slice), sl, shortAbandon));
            }

            problems.AddRange(AnswererMismatches(label + "byRingGroup", inPeriod, c => c.AnsweredGroup!, summary["byRingGroup"], sl));
            problems.AddRange(AnswererMismatches(label + "byPerson", inPeriod, c => c.AnsweredBy!, summary["byPerson"], sl));
            var distribution = summary["timeToHumanDistribution"]!.AsArray()
                .Select(b => (b!["upToSeconds"]?.GetValue<int>(), b["answered"]!.GetValue<long>()))
                .ToList();
            Assert.Equal(ExpectedFigures.Distribution(inPeriod), distribution);
        }

        Assert.Empty(problems);

        // The data exercises what the thresholds decide.
        var answered = inPeriod.Where(c => c.Outcome == SeededCall.Answered).ToList();
        Assert.Contains(answered, c => c.TimeToHumanMs is > 10_000 and <= 20_000);
        Assert.Contains(answered, c => c.TimeToHumanMs == 20_000);
        Assert.Contains(answered, c => c.TimeToHumanMs > 60_000);
        Assert.Contains(answered, c => c.TimeToHumanMs is null);
        Assert.Contains(inPeriod, c => c.Outcome == SeededCall.Abandoned && c.WaitMs is > 3_000 and <= 5_000);
        Assert.Contains(inPeriod, c => c.Outcome == SeededCall.Abandoned && c.WaitMs > 5_000);
        Assert.All(new[] { SeededCall.NoAnswer, SeededCall.Busy, SeededCall.Voicemail, SeededCall.Closed, SeededCall.InProgress }, o => Assert.Contains(inPeriod, c => c.Outcome == o));
    }

    [Fact]
    public async Task CsvExportsHoldEverySeededCallOfThePeriodAndTheSummarysDailyFigures()
    {
        var (ivr, inPeriod, from, to) = await StartSeededAsync(seed: 20261102);
        await using var _ = ivr;
        var analytics = new AnalyticsClient(ivr.Http);

        var (handoffsType, handoffs) = await analytics.CsvAsync(AnalyticsClient.WithQuery(AnalyticsClient.HandoffsCsvPath, AnalyticsClient.Question(SeededLine, from, to)));

        Assert.Equal("text/csv", handoffsType);
        var header = handoffs[0].ToList();
        Assert.Contains("CallSid", header);
        Assert.Equal(inPeriod.Count, handoffs.Count - 1);
        var rows = handoffs.Skip(1).ToDictionary(r => r[header.IndexOf("CallSid")], StringComparer.Ordinal);
        Assert.Equal(inPeriod.Select(c => c.CallSid).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var call in inPeriod)
        {
            var row = rows[call.CallSid];
            string Column(string name) => row[header.IndexOf(name)];
            Assert.Equal(
                (SeededLine, call.Outcome, Text(call.TimeToHumanMs), Text(call.WaitMs), call.AnsweredBy ?? string.Empty, call.AnsweredGroup ?? string.Empty, call.ArrivedAt),
                (Column("Line"), Column("Outcome"), Column("TimeToHumanMs"), Column("WaitMs"), Column("AnsweredBy"), Column("AnsweredGroup"),
                    DateTimeOffset.Parse(Column("ArrivedAt"), CultureInfo.InvariantCulture)));
            Assert.Equal(TimeZoneInfo.ConvertTime(call.ArrivedAt, Amsterdam).Offset, DateTimeOffset.Parse(Column("ArrivedLocal"), CultureInfo.InvariantCulture).Offset);
        }

        var query = AnalyticsClient.Question(SeededLine, from, to, serviceLevelSeconds: 15, shortAbandonSeconds: 4);
        var summary = await analytics.SummaryAsync(SeededLine, from, to, 15, 4);
        var (figuresType, figures) = await analytics.CsvAsync(AnalyticsClient.WithQuery(AnalyticsClient.FiguresCsvPath, [.. query, ("by", "day")]));

        Assert.Equal("text/csv", figuresType);
        var columns = figures[0];
        Assert.Equal(["Line", "Day"], columns[..2]);
        var byDay = summary["byDay"]!.AsArray();
        Assert.Equal(byDay.Count, figures.Count - 1);
        for (var i = 0; i < byDay.Count; i++)
        {
            var row = figures[i + 1];
            var slice = byDay[i]!;
            Assert.Equal(SeededLine, row[0]);
            Assert.Equal(slice["slice"]!.GetValue<string>(), row[1]);
            for (var c = 2; c < columns.Length; c++)
            {
                var name = char.ToLowerInvariant(columns[c][0]) + columns[c][1..];
                var sliceFigures = slice["figures"]!;
                var json = name switch
                {
                    "queued" or "nobodyFree" or "answeredFromQueue" or "abandonedInQueue" => sliceFigures["queue"]![name],
                    _ when name.StartsWith("queueWait", StringComparison.Ordinal) => sliceFigures["queue"]!["wait"]![char.ToLowerInvariant(name["queueWait".Length]) + name[("queueWait".Length + 1)..]],
                    _ when name.StartsWith("callbacks", StringComparison.Ordinal) => sliceFigures["callbacks"]![char.ToLowerInvariant(name["callbacks".Length]) + name[("callbacks".Length + 1)..]],
                    _ when name.StartsWith("timeToCallback", StringComparison.Ordinal) => sliceFigures["callbacks"]!["timeToCallback"]![char.ToLowerInvariant(name["timeToCallback".Length]) + name[("timeToCallback".Length + 1)..]],
                    _ when name.StartsWith('p') || name is "maxMs" or "meanMs" => sliceFigures["timeToHuman"]![name],
                    _ => sliceFigures[name],
                };
                Assert.True(json is not null || row[c].Length == 0, $"{row[1]} {columns[c]}: CSV '{row[c]}', summary null");
                if (json is not null)
                {
                    Assert.Equal(json.GetValue<double>(), double.Parse(row[c], CultureInfo.InvariantCulture));
                }
            }

            var day = DateOnly.ParseExact(row[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.Equal(inPeriod.Count(c => c.LocalArrival(Amsterdam).Day == day).ToString(CultureInfo.InvariantCulture), row[Array.IndexOf(columns, "Calls")]);
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentListsTheAnalyticsApi()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        var document = JsonNode.Parse(await ivr.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var paths = document["paths"]!.AsObject();
        foreach (var path in AnalyticsPaths)
        {
            Assert.True(paths[path]?["get"] is not null, $"{path} is not in the OpenAPI document: {string.Join(", ", paths.Select(p => p.Key))}");
        }

        Assert.DoesNotContain(paths, p => p.Key is "/RollupHandoffs" or "/PurgeHandoffs");
    }

    private static DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), Amsterdam).DateTime);

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static string Text(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static JsonNode? Slice(JsonNode? slices, string name) =>
        slices!.AsArray().SingleOrDefault(s => s!["slice"]!.GetValue<string>() == name)?["figures"];

    /// <summary>Mismatches of byRingGroup/byPerson against the answered calls grouped by <paramref name="name"/>.</summary>
    internal static List<string> AnswererMismatches(string label, IEnumerable<SeededCall> calls, Func<SeededCall, string> name, JsonNode? reported, int sl)
    {
        var problems = new List<string>();
        var expected = calls.Where(c => c.Outcome == SeededCall.Answered && c.TimeToHumanMs is not null).GroupBy(name).ToDictionary(g => g.Key, g => g.Select(c => c.TimeToHumanMs!.Value).ToList());
        var actual = reported!.AsArray().ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!);
        if (!expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(actual.Keys.Order(StringComparer.Ordinal)))
        {
            problems.Add($"{label}: expected names {string.Join(", ", expected.Keys.Order(StringComparer.Ordinal))}, got {string.Join(", ", actual.Keys.Order(StringComparer.Ordinal))}");
            return problems;
        }

        foreach (var (key, durations) in expected)
        {
            var answerer = actual[key];
            var within = durations.LongCount(d => d <= sl * 1000L);
            if (answerer["answered"]!.GetValue<long>() != durations.Count || answerer["answeredWithinServiceLevel"]!.GetValue<long>() != within)
            {
                problems.Add($"{label} {key}: expected {durations.Count} answered, {within} within {sl} s; got {answerer.ToJsonString()}");
            }

            problems.AddRange(ExpectedFigures.TimeToHumanMismatches($"{label} {key}", durations, answerer["timeToHuman"]));
        }

        return problems;
    }

    /// <summary>
    /// An Ivr with the seeded line (Europe/Amsterdam) and made-up calls over five local days ending two days ago, plus
    /// calls on the days either side, some a millisecond from the period's local midnights.
    /// </summary>
    private async Task<(RunningIvr Ivr, List<SeededCall> InPeriod, DateOnly From, DateOnly To)> StartSeededAsync(int seed)
    {
        var table = HandoffRecords.UniqueTableName();
        var ivr = await env.StartInProcessAsync(seedLines: false, table: table);
        try
        {
            await ivr.Admin.CreateLineAsync(SeededLine, SeededRules);
            var today = Today();
            var (from, to) = (today.AddDays(-6), today.AddDays(-2));
            var random = new Random(seed);
            var calls = SeededHandoffs.Generate(random, SeededLine, Amsterdam, Days(from.AddDays(-1), to.AddDays(1)), () => random.Next(40, 60));
            foreach (var (day, edge) in new[] { (from, TimeOnly.MinValue), (from.AddDays(-1), TimeOnly.MaxValue), (to, TimeOnly.MaxValue), (to.AddDays(1), TimeOnly.MinValue) })
            {
                var at = SeededHandoffs.LocalInstant(Amsterdam, day, edge.Hour, edge.Minute, edge.Second, edge.Millisecond)!.Value;
                calls.Add(SeededHandoffs.Call(random, SeededLine, at, SeededCall.Answered));
            }

            await new SeededHandoffs(env.Azurite.ConnectionString, table).WriteAsync(calls);
            var inPeriod = calls.Where(c => c.LocalArrival(Amsterdam).Day is var d && d >= from && d <= to).ToList();
            Assert.InRange(calls.Count - inPeriod.Count, 40, 130);
            return (ivr, inPeriod, from, to);
        }
        catch
        {
            await ivr.DisposeAsync();
            throw;
        }
    }
}
