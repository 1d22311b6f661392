using Azure.Data.Tables;
using Ivr.Handoffs;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

public sealed class CallLifecycleTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private static readonly string[] AnsweredAndCompleted = ["answered", "completed"];

    [Fact]
    public async Task IncomingCallRingsTheLinesPeopleAtOnceWithoutSpeakingFirst()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall();

        var twiml = await call.ArriveAsync();

        var root = twiml.Root!;
        Assert.Equal("Response", root.Name.LocalName);
        var dial = Assert.Single(root.Elements());
        Assert.Equal("Dial", dial.Name.LocalName);
        Assert.Equal("true", dial.Attribute("answerOnBridge")?.Value);
        Assert.Equal("15", dial.Attribute("timeout")?.Value);
        Assert.StartsWith("/api/voice/dial-ended?", dial.Attribute("action")?.Value, StringComparison.Ordinal);
        Assert.Equal(
            [("Number", IvrWithStorage.SupportAgent), ("Client", IvrWithStorage.SupportClient)],
            dial.Elements().Select(e => (e.Name.LocalName, e.Value)).ToArray());
        Assert.All(dial.Elements(), party =>
        {
            Assert.StartsWith("/api/voice/leg-status?", party.Attribute("statusCallback")?.Value, StringComparison.Ordinal);
            Assert.Equal(AnsweredAndCompleted, party.Attribute("statusCallbackEvent")?.Value.Split(' '));
        });
    }

    [Fact]
    public async Task AFullCallLifecycleProducesOneAnsweredRecordWithItsTimeToHuman()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall();

        var arrivedBy = Environment.TickCount64;
        await call.ArriveAsync();
        await Task.Delay(300);
        await call.AnswerAsync(IvrWithStorage.SupportAgent);
        var answeredBy = Environment.TickCount64;
        var afterDial = await call.DialEndsAsync("completed", bridged: true);
        await call.EndAsync();

        Assert.Equal(["Hangup"], afterDial.Root!.Elements().Select(e => e.Name.LocalName));
        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("DialStatus") is not null);
        Assert.Equal("answered", record.GetString("Outcome"));
        Assert.Equal(IvrWithStorage.SupportLine, record.GetString("Line"));
        Assert.Equal(IvrWithStorage.SupportLine, record.PartitionKey);
        Assert.EndsWith("_" + call.CallSid, record.RowKey, StringComparison.Ordinal);
        Assert.Equal(IvrWithStorage.SupportAgent, record.GetString("AnsweredBy"));
        var timeToHuman = record.GetInt64("TimeToHumanMs")!.Value;
        Assert.InRange(timeToHuman, 300, answeredBy - arrivedBy + 50);
        Assert.Equal(timeToHuman, (long)(record.GetDateTimeOffset("AnsweredAt")!.Value - record.GetDateTimeOffset("ArrivedAt")!.Value).TotalMilliseconds);
        Assert.Null(record.GetInt64("WaitMs"));
        Assert.Single(await ivr.Records.AllAsync());
    }

    [Fact]
    public async Task CallerNumberIsStoredOnlyAsAKeyedHash()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall();

        await call.ArriveAsync();

        var record = await ivr.Records.WaitForAsync(call.CallSid, _ => true);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(IvrProcess.CallerHashKey), System.Text.Encoding.UTF8.GetBytes(call.Caller)));
        Assert.Equal(expected, record.GetString("CallerHash"));
        Assert.DoesNotContain(record, column => column.Value?.ToString()?.Contains(call.Caller[1..], StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task DuplicateAndOutOfOrderCallbacksChangeNothing()
    {
        await using var ivr = await env.StartInProcessAsync();
        var inOrder = ivr.NewCall();
        var shuffled = ivr.NewCall();
        var answeredAt = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

        await inOrder.ArriveAsync();
        await inOrder.AnswerAsync(IvrWithStorage.SupportAgent, answeredAt);
        await inOrder.DialEndsAsync("completed", bridged: true);
        await inOrder.EndAsync();

        await shuffled.ArriveAsync();
        await shuffled.EndAsync();
        await shuffled.DialEndsAsync("completed", bridged: true);
        await shuffled.EndAsync();
        await shuffled.AnswerAsync(IvrWithStorage.SupportAgent, answeredAt);
        await shuffled.DialEndsAsync("completed", bridged: true);
        await shuffled.AnswerAsync(IvrWithStorage.SupportAgent, answeredAt);
        await shuffled.ArriveAsync(); // Twilio retried the incoming webhook.

        var first = await ivr.Records.WaitForAsync(inOrder.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("AnsweredBy") is not null);
        var second = await ivr.Records.WaitForAsync(shuffled.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("AnsweredBy") is not null && r.GetString("DialStatus") is not null);
        await Task.Delay(500); // Let any stray write land before counting.
        var rows = await ivr.Records.AllAsync();
        Assert.Equal(2, rows.Count);
        foreach (var record in new[] { first, second })
        {
            Assert.Equal("answered", record.GetString("Outcome"));
            Assert.Equal(IvrWithStorage.SupportAgent, record.GetString("AnsweredBy"));
        }

        // The retried incoming webhook arrived later, but the record keeps the first arrival.
        var stored = rows.Single(r => r.GetString("CallSid") == shuffled.CallSid);
        Assert.Equal(second.RowKey, stored.RowKey);
        Assert.Equal(second.GetDateTimeOffset("ArrivedAt"), stored.GetDateTimeOffset("ArrivedAt"));
    }

    [Fact]
    public async Task CallerHangsUpWhileRingingIsRecordedAsAbandoned()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall();

        var arrivedBy = Environment.TickCount64;
        await call.ArriveAsync();
        await Task.Delay(400);
        await call.EndAsync();
        var endedBy = Environment.TickCount64;

        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null);
        Assert.Equal("abandoned", record.GetString("Outcome"));
        Assert.InRange(record.GetInt64("WaitMs")!.Value, 400, endedBy - arrivedBy + 50);
        Assert.Null(record.GetInt64("TimeToHumanMs"));
        Assert.Null(record.GetString("AnsweredBy"));
    }

    [Fact]
    public async Task NobodyAnsweringTakesAVoicemail()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall();
        await call.ArriveAsync();

        var afterDial = await call.DialEndsAsync("no-answer", bridged: false);

        var verbs = afterDial.Root!.Elements().ToList();
        Assert.Equal(["Say", "Record"], verbs.Select(v => v.Name.LocalName));
        var recordAction = verbs[1].Attribute("action")!.Value;
        var goodbye = await call.LeaveVoicemailAsync(recordAction);
        Assert.Equal(["Say", "Hangup"], goodbye.Root!.Elements().Select(v => v.Name.LocalName));
        await call.EndAsync();

        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("VoicemailUrl") is not null);
        Assert.Equal("voicemail", record.GetString("Outcome"));
        Assert.Equal("no-answer", record.GetString("DialStatus"));
        Assert.NotNull(record.GetInt64("WaitMs"));
    }

    [Fact]
    public async Task ALineSetToGoodbyeSaysGoodbyeAndRecordsNoAnswer()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall(IvrWithStorage.GoodbyeLine);
        await call.ArriveAsync();

        var afterDial = await call.DialEndsAsync("no-answer", bridged: false);

        Assert.Equal(["Say", "Hangup"], afterDial.Root!.Elements().Select(v => v.Name.LocalName));
        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("DialStatus") is not null);
        Assert.Equal("no-answer", record.GetString("Outcome"));
    }

    [Fact]
    public async Task AnUnknownLineDialsTheFallbackNumber()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall("+31300000000");

        var twiml = await call.ArriveAsync();

        var dial = Assert.Single(twiml.Root!.Elements());
        Assert.Equal("Dial", dial.Name.LocalName);
        Assert.Equal(IvrProcess.FallbackNumber, Assert.Single(dial.Elements("Number")).Value);
        var record = await ivr.Records.WaitForAsync(call.CallSid, _ => true);
        Assert.Equal("fallback", record.GetString("Route"));
    }

    [Fact]
    public async Task ForgedAndUnsignedRequestsAreRefusedAndRecordNothing()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall();
        var form = new List<KeyValuePair<string, string>> { new("CallSid", call.CallSid), new("To", IvrWithStorage.SupportLine), new("From", "+31611112222") };

        using var unsigned = await ivr.Twilio.PostUnsignedAsync("/api/voice/incoming", form);
        using var forged = await ivr.Twilio.PostForgedAsync("/api/voice/incoming", form);
        var wrongToken = new TwilioWebhooks(ivr.Http, env.Oracle, TwilioWebhooks.PublicBaseUrl, authToken: "not-the-auth-token-of-this-account");
        using var otherAccount = await wrongToken.PostAsync("/api/voice/incoming", form);
        var wrongHost = new TwilioWebhooks(ivr.Http, env.Oracle, "https://attacker.example.test");
        using var replayed = await wrongHost.PostAsync("/api/voice/incoming", form);

        Assert.All([unsigned, forged, otherAccount, replayed], r => Assert.Equal(System.Net.HttpStatusCode.Forbidden, r.StatusCode));
        await Task.Delay(1000);
        Assert.Empty(await ivr.Records.AllAsync());
    }

    [Fact]
    public async Task ASignedWebhookWithoutACallSidGetsAProblemNamingTheField()
    {
        await using var ivr = await env.StartInProcessAsync();

        using var response = await ivr.Twilio.PostAsync("/api/voice/incoming", [new("To", IvrWithStorage.SupportLine), new("From", "+31611112222")]);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", TwilioWebhooks.MediaType(response));
        Assert.Contains("\"CallSid\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFullTransactionOfUpdatesIsWrittenWithoutWaitingOutTheBatchWindow()
    {
        // Fewer calls than this wait for the window (next test); a transaction's worth goes out at once.
        await using var ivr = await env.StartInProcessAsync(settings => settings["Handoffs__BatchWindow"] = "00:00:30");
        var calls = Enumerable.Range(0, HandoffQueue.FullBatch).Select(_ => ivr.NewCall()).ToList();
        await Task.WhenAll(calls.Select(c => c.ArriveAsync()));

        // Written before the 30 s window would have ended.
        await ivr.Records.WaitForAsync(calls[^1].CallSid, _ => true, TimeSpan.FromSeconds(25));

        var rows = await ivr.Records.AllAsync();
        Assert.Equal(calls.Select(c => c.CallSid).Order(), rows.Select(r => r.GetString("CallSid")).Order());
    }

    [Fact]
    public async Task StoppingTheProcessFlushesRecordsStillInTheQueue()
    {
        // A long batch window keeps every update in memory until the stop signal arrives.
        var ivr = await env.StartIvrAsync(settings => settings["Handoffs__BatchWindow"] = "00:00:30");
        var calls = Enumerable.Range(0, 20).Select(_ => ivr.NewCall()).ToList();
        await Task.WhenAll(calls.Select(c => c.ArriveAsync()));
        Assert.Empty(await ivr.Records.AllAsync());

        await ivr.Process.StopGracefullyAsync();
        await ivr.DisposeAsync();

        var rows = await ivr.Records.AllAsync();
        Assert.Equal(calls.Select(c => c.CallSid).Order(), rows.Select(r => r.GetString("CallSid")).Order());
    }
}
