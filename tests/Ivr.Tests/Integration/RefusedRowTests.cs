using System.Diagnostics.Metrics;
using Ivr.Handoffs;
using Ivr.Storage;
using Ivr.Telemetry;
using Ivr.Tests.Infrastructure;
using Ivr.Tests.Reliability;
using Ivr.Tests.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Integration;

/// <summary>
/// A row storage refuses whatever the bound on stored text does is never lost silently: its moments and outcome are
/// written without the text callbacks brought, and every drop shows in <c>/api/health</c> and in
/// <c>ivr.handoffs.dropped</c>. Ivr runs in this process (to read its meter) against a real Azurite, behind a relay
/// that makes Azurite refuse the rows chosen here.
/// </summary>
public sealed class RefusedRowTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    [Fact]
    public async Task ARowStorageKeepsRefusingIsWrittenWithoutItsFreeTextAndEveryDropIsCounted()
    {
        await using var storage = await RefusingStorage.StartAsync(env.Azurite.Port);
        var table = HandoffRecords.UniqueTableName();
        await using var app = env.InProcess(table, host => host.UseSetting("Storage:ConnectionString", storage.ConnectionString));
        using var recorder = new MeasurementRecorder(app.Services.GetRequiredService<IMeterFactory>());
        var http = app.CreateClient();
        var admin = new AdminClient(http);
        await admin.CreateLineAsync(IvrWithStorage.SupportLine, IvrWithStorage.SupportRules);
        await admin.CreateLineAsync(IvrWithStorage.GoodbyeLine, IvrWithStorage.GoodbyeRules);
        var twilio = new TwilioWebhooks(http, env.Oracle, TwilioWebhooks.PublicBaseUrl);
        var records = new HandoffRecords(env.Azurite.ConnectionString, table);

        // Storage refuses whatever holds who answered this call.
        const string Refused = "client:refused-by-storage";
        storage.Refuse(Refused);
        var answered = new SimulatedCall(twilio, IvrWithStorage.SupportLine);
        await answered.ArriveAsync();
        await records.WaitForAsync(answered.CallSid, _ => true);
        await answered.AnswerAsync(Refused);
        await answered.DialEndsAsync("completed", bridged: true);
        await answered.EndAsync();

        // And every row of this one: its CallSid is in every row, free text or not.
        var lost = new SimulatedCall(twilio, IvrWithStorage.GoodbyeLine);
        storage.Refuse(lost.CallSid);
        await lost.ArriveAsync();

        var health = await WaitForDropsAsync(http, 2);
        var record = await records.WaitForAsync(answered.CallSid, r => r.GetString("EndStatus") is not null);

        // Five times each: the answered call's row, the lost call's row, and that row again without its free text.
        Assert.True(storage.Refusals >= 15, $"Storage refused only {storage.Refusals} transactions.");
        Assert.Equal("answered", record.GetString("Outcome"));
        Assert.True(record.GetDateTimeOffset("AnsweredAt") >= record.GetDateTimeOffset("ArrivedAt"));
        Assert.NotNull(record.GetInt64("TimeToHumanMs"));
        Assert.Equal(("completed", "completed"), (record.GetString("DialStatus"), record.GetString("EndStatus")));
        Assert.Equal((StoredText.Refused, StoredText.Refused), (record.GetString("AnsweredBy"), record.GetString("AnsweredGroup")));
        Assert.DoesNotContain(await records.AllAsync(), r => r.GetString("CallSid") == lost.CallSid);

        Assert.Equal(("losing-records", 2L), (health.Report.Status, health.Report.DroppedUpdates));
        Assert.Equal(503, health.Status);
        var drops = recorder.Of(HandoffMetrics.DroppedName).ToList();
        Assert.Equal(2, drops.Sum(d => d.Value));
        Assert.Equal(
            [HandoffMetrics.DropFreeTextRejected, HandoffMetrics.DropRejected],
            drops.Select(d => d.Tag(HandoffMetrics.DropReasonAttribute)).Order(StringComparer.Ordinal));
    }

    private static async Task<(int Status, Reliability.HealthReport Report)> WaitForDropsAsync(HttpClient http, long drops)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            var (status, report) = await Reliability.HealthReport.ReadAsync(http, http.BaseAddress!);
            if (report!.DroppedUpdates >= drops || Environment.TickCount64 > deadline)
            {
                return (status, report);
            }

            await Task.Delay(200);
        }
    }
}
