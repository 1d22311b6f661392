using Ivr.Handoffs;
using Ivr.Tests.Infrastructure;
using Ivr.Tests.Reliability;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Integration;

/// <summary>
/// Table Storage refuses a row with a string over 32K characters. A signed callback with one field of 40 000
/// characters must still leave the call a complete record, with that field cut and marked as cut, and nothing dropped.
/// </summary>
public sealed class OversizedFieldTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Cut = "…[cut, 40000 chars]";

    [Fact]
    public async Task CallbacksWithAFortyThousandCharacterFieldStillGiveCompleteRecordsWithThatFieldCut()
    {
        await using var ivr = await env.StartInProcessAsync();
        var huge = new string('x', 40_000);

        // Answered by a leg whose To is huge.
        var answered = ivr.NewCall();
        await answered.ArriveAsync();
        await answered.AnswerAsync(huge);
        await answered.DialEndsAsync("completed", bridged: true);
        await answered.EndAsync();

        // Nobody answers, with a huge DialCallStatus; then a message with a huge RecordingUrl.
        var voicemail = ivr.NewCall();
        await voicemail.ArriveAsync();
        var afterDial = await voicemail.DialEndsAsync(huge, bridged: false);
        var recordAction = afterDial.Root!.Element("Record")!.Attribute("action")!.Value;
        await voicemail.PostAsync(recordAction, ("CallStatus", "in-progress"), ("RecordingUrl", huge), ("RecordingDuration", "7"));
        await voicemail.EndAsync();

        var answeredRecord = await ivr.Records.WaitForAsync(answered.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("AnsweredBy") is not null);
        var voicemailRecord = await ivr.Records.WaitForAsync(voicemail.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("VoicemailUrl") is not null);

        Assert.Equal("answered", answeredRecord.GetString("Outcome"));
        Assert.NotNull(answeredRecord.GetDateTimeOffset("ArrivedAt"));
        Assert.True(answeredRecord.GetDateTimeOffset("AnsweredAt") >= answeredRecord.GetDateTimeOffset("ArrivedAt"));
        Assert.NotNull(answeredRecord.GetInt64("TimeToHumanMs"));
        Assert.Equal("Support", answeredRecord.GetString("AnsweredGroup"));
        Assert.Equal(("completed", "completed"), (answeredRecord.GetString("DialStatus"), answeredRecord.GetString("EndStatus")));
        AssertCut(answeredRecord.GetString("AnsweredBy"));

        Assert.Equal("voicemail", voicemailRecord.GetString("Outcome"));
        Assert.NotNull(voicemailRecord.GetDateTimeOffset("DialEndedAt"));
        Assert.NotNull(voicemailRecord.GetDateTimeOffset("VoicemailAt"));
        Assert.NotNull(voicemailRecord.GetInt64("WaitMs"));
        Assert.Equal("completed", voicemailRecord.GetString("EndStatus"));
        AssertCut(voicemailRecord.GetString("DialStatus"));
        AssertCut(voicemailRecord.GetString("VoicemailUrl"));

        var (status, health) = await Reliability.HealthReport.ReadAsync(ivr.Http, ivr.BaseAddress);
        Assert.Equal(200, status);
        Assert.Equal(("ok", 0L), (health!.Status, health.DroppedUpdates));
    }

    /// <summary>
    /// The bound is low enough for the worst a transaction can hold: 100 rows with every string column at the bound,
    /// in characters the SDK sends as six-byte JSON escapes. Written through Ivr's own store to a real Azurite.
    /// </summary>
    [Fact]
    public async Task ATransactionOfAHundredRowsWithEveryTextAtTheBoundIsTakenByStorage()
    {
        var table = HandoffRecords.UniqueTableName();
        await using var app = env.InProcess(table);
        var store = app.Services.GetRequiredService<HandoffStore>();
        var huge = new string('é', 40_000);
        var arrived = new DateTimeOffset(2026, 11, 23, 10, 15, 2, 123, TimeSpan.Zero);
        var rows = Enumerable.Range(0, HandoffStore.MaxTransactionSize)
            .Select(i => new HandoffWrite(
                new HandoffKey(IvrWithStorage.SupportLine, arrived.AddMilliseconds(i), SimulatedCall.NewSid("CA")),
                new HandoffFacts
                {
                    ArrivedAt = arrived.AddMilliseconds(i),
                    CallerHash = huge,
                    Route = huge,
                    Answered = new Stamped(arrived.AddSeconds(5), huge, huge),
                    DialEnded = new Stamped(arrived.AddSeconds(60), huge),
                    Voicemail = new Stamped(arrived.AddSeconds(61), huge),
                    Ended = new Stamped(arrived.AddSeconds(62), huge),
                },
                ETag: null))
            .ToList();

        var etags = await store.SaveAsync(rows, CancellationToken.None);

        Assert.Equal(rows.Count, etags.Count);
        var stored = await new HandoffRecords(env.Azurite.ConnectionString, table).AllAsync();
        Assert.Equal(rows.Count, stored.Count);
        Assert.All(stored, row => Assert.EndsWith(Cut, row.GetString("AnsweredBy"), StringComparison.Ordinal));
    }

    private static void AssertCut(string? stored)
    {
        Assert.NotNull(stored);
        Assert.Equal(512, stored.Length);
        Assert.StartsWith("xxxxxxxx", stored, StringComparison.Ordinal);
        Assert.EndsWith(Cut, stored, StringComparison.Ordinal);
    }
}
