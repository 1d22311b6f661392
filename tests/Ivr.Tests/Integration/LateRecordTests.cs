using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ivr.Tests.Infrastructure;
using Ivr.Tests.Telemetry;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Integration;

/// <summary>
/// Records written after their hour was rolled up: within <c>Analytics__SettleAfter</c> of the hour's end they reach its
/// rollup; later than that the figures no longer change, and the record is counted as late in the metric and in the
/// summary's cost. Ivr runs in this process (for its metrics) against Azurite; the rollup runs through its timer endpoint.
/// </summary>
public sealed class LateRecordTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31301112255";

    private const string Rules = """
        { "name": "Late", "timeZone": "Europe/Amsterdam", "ringGroups": [{ "name": "Desk", "members": ["+31612340001"] }] }
        """;

    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [Fact]
    public async Task ARecordWrittenAfterItsHourWasRolledUpStillReachesTheRollupWithinSettleAfter()
    {
        var random = new Random(55);
        var hour = UtcHourStartedAgo(TimeSpan.FromHours(2));
        List<SeededCall> calls = [.. Enumerable.Range(0, 5).Select(i => SeededHandoffs.Call(random, Line, hour.AddMinutes(5 + (i * 5)), SeededCall.Answered))];
        await using var ivr = await StartAsync("06:00:00", calls);

        var first = await ivr.RollUpAsync();
        // The hour's calls all have outcomes: this is when the hour used to become final for good.
        var lateCall = SeededHandoffs.Call(random, Line, hour.AddMinutes(40), SeededCall.Answered);
        await ivr.Seeder.WriteAsync([lateCall]);
        var second = await ivr.RollUpAsync();
        var summary = await ivr.SummaryAsync();

        Assert.Contains("1 hours written from 5 records", first, StringComparison.Ordinal);
        // Only the hour with a record written since the first run is read again.
        Assert.Contains("1 hours written from 6 records", second, StringComparison.Ordinal);
        Assert.Empty(ExpectedFigures.Mismatches("totals", [.. calls, lateCall], summary["totals"], 20, 5));
        Assert.Equal(0L, summary["cost"]!["recordsRead"]!.GetValue<long>());
        Assert.Equal(0L, summary["cost"]!["lateRecords"]!.GetValue<long>());
    }

    [Fact]
    public async Task ARecordWrittenLaterThanSettleAfterIsCountedAsLateInTheMetricAndTheSummary()
    {
        var random = new Random(56);
        var hour = UtcHourStartedAgo(TimeSpan.FromHours(3));
        var undecided = SeededHandoffs.Call(random, Line, hour.AddMinutes(30), SeededCall.InProgress);
        List<SeededCall> calls = [.. Enumerable.Range(0, 3).Select(i => SeededHandoffs.Call(random, Line, hour.AddMinutes(5 + (i * 5)), SeededCall.Answered)), undecided];
        await using var ivr = await StartAsync("00:30:00", calls);
        await ivr.RollUpAsync();

        // The caller's call-status callback comes hours late (a long outage), after the hour's figures were final.
        await new SimulatedCall(ivr.Twilio, Line, callSid: undecided.CallSid).EndAsync();
        await ivr.Records.WaitForAsync(undecided.CallSid, r => r.GetString("EndStatus") is not null);
        var late = await ivr.WaitForLateAsync();
        await ivr.RollUpAsync();
        var summary = await ivr.SummaryAsync();

        Assert.Equal(1, late);
        Assert.Equal(1L, summary["cost"]!["lateRecords"]!.GetValue<long>());
        // The figures are the hour's as it was final: the late record's end is not in them.
        Assert.Empty(ExpectedFigures.Mismatches("totals", calls, summary["totals"], 20, 5));
        Assert.Equal(1L, summary["totals"]!["undecided"]!.GetValue<long>());
    }

    /// <summary>The start of the UTC hour that began at least <paramref name="ago"/> ago (Amsterdam's hours are UTC hours).</summary>
    private static DateTimeOffset UtcHourStartedAgo(TimeSpan ago)
    {
        var at = TimeProvider.System.GetUtcNow() - ago;
        return new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);
    }

    private async Task<LateApp> StartAsync(string settleAfter, IReadOnlyCollection<SeededCall> calls)
    {
        var table = HandoffRecords.UniqueTableName();
        var app = env.InProcess(table, host => host.UseSetting("Analytics:SettleAfter", settleAfter));
        var recorder = new MeasurementRecorder(app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var http = app.CreateClient();
        await new AdminClient(http).CreateLineAsync(Line, Rules);
        var seeder = new SeededHandoffs(env.Azurite.ConnectionString, table);
        await seeder.WriteAsync(calls);
        return new LateApp(app, recorder, http, seeder, new HandoffRecords(env.Azurite.ConnectionString, table), new TwilioWebhooks(http, env.Oracle, TwilioWebhooks.PublicBaseUrl));
    }

    private sealed record LateApp(
        WebApplicationFactory<Program> App, MeasurementRecorder Recorder, HttpClient Http, SeededHandoffs Seeder, HandoffRecords Records, TwilioWebhooks Twilio)
        : IAsyncDisposable
    {
        /// <summary>Runs the rollup timer as the Functions host would, and returns its summary line.</summary>
        public async Task<string> RollUpAsync()
        {
            using var response = await Http.PostAsync(new Uri("/RollupHandoffs", UriKind.Relative), JsonContent.Create(new JsonObject()));
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(response.IsSuccessStatusCode, answer.ToJsonString());
            return answer["Logs"]![0]!.GetValue<string>();
        }

        public async Task<JsonNode> SummaryAsync()
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), Amsterdam).DateTime);
            return await new AnalyticsClient(Http).SummaryAsync(Line, today.AddDays(-1), today);
        }

        /// <summary>The late rows the metric counted, once it counted any (the writer counts right after its write returns).</summary>
        public async Task<long> WaitForLateAsync()
        {
            for (var waited = 0; Late() == 0 && waited < 5000; waited += 50)
            {
                await Task.Delay(50);
            }

            return Late();
        }

        public async ValueTask DisposeAsync()
        {
            Recorder.Dispose();
            Http.Dispose();
            await App.DisposeAsync();
        }

        private long Late() => Recorder.Of("ivr.handoffs.late").Sum(m => (long)m.Value);
    }
}
