using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// The rollup and retention timer functions, invoked over HTTP exactly as the Functions host invokes a custom handler's
/// timer trigger, against 90 days of records written straight into Azurite.
/// </summary>
public sealed partial class RollupTimerTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31301112244";

    private const string Rules = """
        { "name": "Rolled up", "timeZone": "Europe/Amsterdam", "ringGroups": [{ "name": "Desk", "members": ["+31612340001"] }] }
        """;

    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private static readonly string[] Breakdowns = ["totals", "timeToHumanDistribution", "byHourOfDay", "byDay", "byRingGroup", "byPerson"];

    [Fact]
    public async Task ARollupOfNinetyDaysGivesTheFullScansFiguresFromOneRowPerHourAndASecondRunChangesNothing()
    {
        var now = TimeProvider.System.GetUtcNow();
        var (from, to) = NinetyDays(now);
        var calls = Generate(new Random(90), from, to);
        await using var ivr = await StartAsync(calls, _ => { });
        var analytics = new AnalyticsClient(ivr.Ivr.Http);

        var live = await analytics.SummaryAsync(Line, from, to);
        var firstRun = await RunTimerAsync(ivr.Ivr, "RollupHandoffs");
        var rollupRows = await TableRows.SnapshotAsync(ivr.Rollups, Line);
        var rolledUp = await analytics.SummaryAsync(Line, from, to);
        var secondRun = await RunTimerAsync(ivr.Ivr, "RollupHandoffs", pastDue: true);
        var again = await analytics.SummaryAsync(Line, from, to);

        // Read live, the summary read every record and no rollup; its figures are the seeded calls'.
        var hoursWithCalls = calls.Select(c => LocalHourOf(c.ArrivedAt)).Distinct().Count();
        Assert.Equal((0L, (long)calls.Count), Cost(live));
        Assert.Empty(Mismatches(calls, live));

        // The first run read each record once and wrote one rollup per local hour with calls.
        Assert.Equal((hoursWithCalls, (long)calls.Count), Run(firstRun[0]));
        Assert.Equal(hoursWithCalls, rollupRows.Count);

        // From rollups, the same figures, reading one row per hour with calls and no record.
        foreach (var part in Breakdowns)
        {
            Assert.Equal(live[part]!.ToJsonString(), rolledUp[part]!.ToJsonString());
        }

        Assert.Equal((hoursWithCalls, 0L), Cost(rolledUp));
        Assert.True(hoursWithCalls < calls.Count / 2, $"{hoursWithCalls} hours for {calls.Count} calls");

        // A second run finds nothing new: the rollups and the figures stay as they were.
        Assert.Equal(0, Run(secondRun[0]).Hours);
        Assert.Contains("This run was past due.", secondRun);
        Assert.Equal(rollupRows, await TableRows.SnapshotAsync(ivr.Rollups, Line));
        foreach (var part in Breakdowns)
        {
            Assert.Equal(rolledUp[part]!.ToJsonString(), again[part]!.ToJsonString());
        }
    }

    [Fact]
    public async Task AnHourWithUndecidedCallsIsRolledUpAgainUntilItSettlesThenItIsFinal()
    {
        var now = TimeProvider.System.GetUtcNow();
        var today = LocalDay(now);
        var random = new Random(7);
        var decided = SeededHandoffs.Generate(random, Line, Amsterdam, [today.AddDays(-3), today.AddDays(-2)], () => 25)
            .Where(c => c.Outcome != SeededCall.InProgress)
            .ToList();
        // Undecided in an hour that ended long ago (final), and in the hour before the current one (not settled yet).
        var old = SeededHandoffs.Call(random, Line, SeededHandoffs.LocalInstant(Amsterdam, today.AddDays(-3), 10, 15, 0, 0)!.Value, SeededCall.InProgress);
        var currentHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var recent = SeededHandoffs.Call(random, Line, currentHour.AddMinutes(-30), SeededCall.InProgress);
        List<SeededCall> calls = [.. decided, old, recent];
        await using var ivr = await StartAsync(calls, settings => settings["Analytics__SettleAfter"] = "06:00:00");
        var analytics = new AnalyticsClient(ivr.Ivr.Http);
        var (from, to) = (today.AddDays(-3), today);

        var firstRun = await RunTimerAsync(ivr.Ivr, "RollupHandoffs");
        var beforeLateCallbacks = await analytics.SummaryAsync(Line, from, to);

        Assert.Equal(0L, Cost(beforeLateCallbacks).Records);
        Assert.Equal(2, beforeLateCallbacks["totals"]!["undecided"]!.GetValue<long>());
        Assert.Empty(Mismatches(calls, beforeLateCallbacks));
        Assert.Equal(calls.Count, Run(firstRun[0]).Records);

        // Both calls' callbacks arrive late: only the recent hour is still open to change.
        var recentAnswered = recent.AnsweredAfter(12_345, "+31612340009", "Late");
        await ivr.Seeder.ReplaceAsync(recentAnswered);
        await ivr.Seeder.ReplaceAsync(old.AnsweredAfter(4_321, "+31612340008", "Late"));
        var secondRun = await RunTimerAsync(ivr.Ivr, "RollupHandoffs");
        var afterLateCallbacks = await analytics.SummaryAsync(Line, from, to);

        Assert.Equal((1, 1L), Run(secondRun[0]));
        Assert.Equal(0L, Cost(afterLateCallbacks).Records);
        Assert.Empty(Mismatches([.. decided, old, recentAnswered], afterLateCallbacks));
        Assert.Equal(1, afterLateCallbacks["totals"]!["undecided"]!.GetValue<long>());
        var people = afterLateCallbacks["byPerson"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("+31612340009", people);
        Assert.DoesNotContain("+31612340008", people);
        var late = afterLateCallbacks["byRingGroup"]!.AsArray().Single(g => g!["name"]!.GetValue<string>() == "Late")!;
        Assert.Equal(1, late["answered"]!.GetValue<long>());
        Assert.Equal(12_345, late["timeToHuman"]!["maxMs"]!.GetValue<long>());
    }

    [Fact]
    public async Task RetentionDeletesOnlyRolledUpRecordsOlderThanItsDaysAndTheFiguresStay()
    {
        var now = TimeProvider.System.GetUtcNow();
        var (from, to) = NinetyDays(now);
        var cutoff = now.AddDays(-30);
        // No call within an hour of the cutoff, so the process's clock (a few seconds later) sorts them the same way.
        var calls = Generate(new Random(30), from, to, at => at < cutoff.AddHours(-1) || at > cutoff.AddHours(1));
        await using var ivr = await StartAsync(calls, settings => settings["Analytics__RetentionDays"] = "30");
        var analytics = new AnalyticsClient(ivr.Ivr.Http);
        var older = calls.Where(c => c.ArrivedAt < cutoff).ToList();
        Assert.InRange(older.Count, calls.Count / 2, calls.Count - 100);

        // Never rolled up: nothing may go yet.
        var early = await RunTimerAsync(ivr.Ivr, "PurgeHandoffs");
        Assert.Equal(0, Deleted(early[0]));
        Assert.Equal(calls.Count, (await ivr.Seeder.RowKeysAsync(Line)).Count);

        await RunTimerAsync(ivr.Ivr, "RollupHandoffs");
        var before = await analytics.SummaryAsync(Line, from, to);
        var purge = await RunTimerAsync(ivr.Ivr, "PurgeHandoffs");
        var after = await analytics.SummaryAsync(Line, from, to);

        Assert.Equal(older.Count, Deleted(purge[0]));
        var left = await ivr.Seeder.RowKeysAsync(Line);
        Assert.Equal(calls.Except(older).Select(c => c.RowKey).Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
        Assert.Empty(Mismatches(calls, after));
        foreach (var part in Breakdowns)
        {
            Assert.Equal(before[part]!.ToJsonString(), after[part]!.ToJsonString());
        }
    }

    /// <summary>
    /// Invokes a timer function as the Functions host does for a custom handler (payload mode), checks the answer is
    /// what the host expects (2xx JSON with Outputs, Logs and ReturnValue), and returns its log lines.
    /// </summary>
    private static async Task<List<string>> RunTimerAsync(RunningIvr ivr, string function, bool pastDue = false)
    {
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject
            {
                ["timer"] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = null,
                    ["IsPastDue"] = pastDue,
                },
            },
            ["Metadata"] = new JsonObject
            {
                ["sys"] = new JsonObject
                {
                    ["MethodName"] = function,
                    ["UtcNow"] = TimeProvider.System.GetUtcNow().ToString("o", CultureInfo.InvariantCulture),
                    ["RandGuid"] = Guid.NewGuid().ToString(),
                },
            },
        };
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await ivr.Http.PostAsync(new Uri("/" + function, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"{function} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(["Logs", "Outputs", "ReturnValue"], answer.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Empty(answer["Outputs"]!.AsObject());
        Assert.Null(answer["ReturnValue"]);
        var logs = answer["Logs"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.NotEmpty(logs);
        return logs;
    }

    /// <summary>The rollup's log summary: hours written and records read.</summary>
    private static (int Hours, long Records) Run(string log)
    {
        var match = RollupLog().Match(log);
        Assert.True(match.Success, "Not a rollup summary: " + log);
        return (int.Parse(match.Groups["hours"].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups["records"].Value, CultureInfo.InvariantCulture));
    }

    private static long Deleted(string log)
    {
        var match = RetentionLog().Match(log);
        Assert.True(match.Success, "Not a retention summary: " + log);
        return long.Parse(match.Groups["records"].Value, CultureInfo.InvariantCulture);
    }

    private static (long Rollups, long Records) Cost(JsonNode summary) =>
        (summary["cost"]!["rollupsRead"]!.GetValue<long>(), summary["cost"]!["recordsRead"]!.GetValue<long>());

    /// <summary>Totals, every local day and hour of day, ring groups and people against the calls.</summary>
    private static List<string> Mismatches(IReadOnlyCollection<SeededCall> calls, JsonNode summary)
    {
        var problems = ExpectedFigures.Mismatches("totals", calls, summary["totals"], 20, 5);
        foreach (var slice in summary["byDay"]!.AsArray())
        {
            var day = DateOnly.ParseExact(slice!["slice"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            problems.AddRange(ExpectedFigures.Mismatches(AnalyticsClient.Day(day), calls.Where(c => c.LocalArrival(Amsterdam).Day == day).ToList(), slice["figures"], 20, 5));
        }

        foreach (var slice in summary["byHourOfDay"]!.AsArray())
        {
            var hour = int.Parse(slice!["slice"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            problems.AddRange(ExpectedFigures.Mismatches("hour " + hour, calls.Where(c => c.LocalArrival(Amsterdam).Hour == hour).ToList(), slice["figures"], 20, 5));
        }

        problems.AddRange(AnalyticsApiTests.AnswererMismatches("byRingGroup", calls, c => c.AnsweredGroup!, summary["byRingGroup"], 20));
        problems.AddRange(AnalyticsApiTests.AnswererMismatches("byPerson", calls, c => c.AnsweredBy!, summary["byPerson"], 20));
        return problems;
    }

    private static DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Amsterdam).DateTime);

    private static DateTimeOffset LocalHourOf(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Amsterdam);
        return local.AddTicks(-(local.Ticks % TimeSpan.TicksPerHour));
    }

    /// <summary>The 90 local days ending the day before yesterday: every hour in them has ended.</summary>
    private static (DateOnly From, DateOnly To) NinetyDays(DateTimeOffset now)
    {
        var to = LocalDay(now).AddDays(-2);
        return (to.AddDays(-89), to);
    }

    /// <summary>25–40 calls a day over the period, several in most office hours.</summary>
    private static List<SeededCall> Generate(Random random, DateOnly from, DateOnly to, Func<DateTimeOffset, bool>? keep = null)
    {
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays);
        var calls = SeededHandoffs.Generate(random, Line, Amsterdam, days, () => random.Next(25, 41), keep);
        Assert.InRange(calls.Count, 2_000, 4_000);
        return calls;
    }

    private async Task<Seeded> StartAsync(IReadOnlyCollection<SeededCall> calls, Action<Dictionary<string, string?>> adjust)
    {
        var table = HandoffRecords.UniqueTableName();
        string? rollupsTable = null;
        var ivr = await env.StartInProcessAsync(settings => { adjust(settings); rollupsTable = settings["Storage__RollupsTable"]; }, seedLines: false, table: table);
        try
        {
            await ivr.Admin.CreateLineAsync(Line, Rules);
            var seeder = new SeededHandoffs(env.Azurite.ConnectionString, table);
            await seeder.WriteAsync(calls);
            return new Seeded(ivr, seeder, new TableClient(env.Azurite.ConnectionString, rollupsTable));
        }
        catch
        {
            await ivr.DisposeAsync();
            throw;
        }
    }

    private sealed record Seeded(RunningIvr Ivr, SeededHandoffs Seeder, TableClient Rollups) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Ivr.DisposeAsync();
    }

    [GeneratedRegex(@"(?<hours>\d+) hours written from (?<records>\d+) records")]
    private static partial Regex RollupLog();

    [GeneratedRegex(@"Deleted (?<records>\d+) hand-off records")]
    private static partial Regex RetentionLog();
}
