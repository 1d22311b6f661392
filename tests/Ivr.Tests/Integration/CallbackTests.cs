using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// Callbacks end to end, over HTTP with Azurite and a stand-in for Twilio's REST API: a waiting caller presses 1 and
/// leaves the queue keeping their place; the next free person is called first and only their key press dials the
/// caller; no answer or a machine is retried, then fails; the sealed number is gone from storage once it ends.
/// </summary>
public sealed class CallbackTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31201119501";
    private const string Agent = IvrWithStorage.SupportAgent;
    private const string Alice = "client:alice";

    private static string Rules(int attempts = 3, string hours = "") => $$"""
        {
          "name": "Support",
          "timeZone": "Europe/Amsterdam",
          {{hours}}
          "ringGroups": [{ "name": "Support", "members": ["{{Agent}}", "{{Alice}}"], "ringTimeoutSeconds": 15 }],
          "queue": { "enabled": true, "maxWaitSeconds": 600, "callback": { "enabled": true, "offerAfterSeconds": 0, "attempts": {{attempts}}, "retryAfterMinutes": 1 } }
        }
        """;

    [Fact]
    public async Task ACallbackKeepsItsPlaceAheadOfACallerOnHoldWhoCameLaterAndThePersonIsCalledFirst()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        var table = HandoffRecords.UniqueTableName();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetAwayAsync(ivr, Alice);
        var busy = await BusyAgentAsync(ivr);

        // The first caller waits; a second comes in behind them; only then does the first press 1 for a callback.
        var first = new SimulatedCall(ivr.Twilio, Line, "+31611115001");
        var enqueue = (await first.ArriveAsync()).Root!.Element("Enqueue")!;
        var second = new SimulatedCall(ivr.Twilio, Line, "+31611115002");
        Assert.NotNull((await second.ArriveAsync()).Root!.Element("Enqueue"));
        await RequestCallbackAsync(first, enqueue);

        // The agent becomes free: the callback's turn comes first, and Ivr calls the agent, not the caller.
        await busy.DialEndsAsync("completed", bridged: true);
        var offer = Assert.Single(await rest.WaitForCallsAsync(1));
        Assert.Equal(Agent, offer.To);
        Assert.Equal(Line, offer.Field("From"));
        Assert.Contains($"callback={first.CallSid}", offer.Field("Url"), StringComparison.Ordinal);
        Assert.DoesNotContain(first.Caller.TrimStart('+'), offer.Field("Url"), StringComparison.Ordinal);

        // The agent hears whom it is for; nothing dials the caller before their key press.
        var prompt = await offer.PostAsync(ivr.Twilio, offer.PathOf("Url"), ("CallStatus", "in-progress"));
        Assert.Empty(prompt.Descendants("Dial"));
        var gather = prompt.Root!.Element("Gather")!;
        Assert.StartsWith("Callback for Support, waiting since ", gather.Element("Say")!.Value, StringComparison.Ordinal);
        var dial = (await offer.PostAsync(ivr.Twilio, gather.Attribute("action")!.Value, ("CallStatus", "in-progress"), ("Digits", "5"))).Root!.Element("Dial")!;
        Assert.Equal(Line, dial.Attribute("callerId")!.Value);
        var number = dial.Element("Number")!;
        Assert.Equal(first.Caller, number.Value);
        Assert.Equal("Enable", number.Attribute("machineDetection")!.Value);

        // The caller answers, a person: they are put through, and the callback is the hand-off, timed from their arrival.
        var answered = await CalleeAnswersAsync(ivr, offer, number, "human");
        Assert.Empty(answered.Root!.Elements());
        var record = await ivr.Records.WaitForAsync(first.CallSid, r => r.GetString("CallbackResult") is not null);
        Assert.Equal("callback-connected", record.GetString("CallbackResult"));
        Assert.Equal(Agent, record.GetString("AnsweredBy"));
        Assert.Equal("(callback)", record.GetString("AnsweredGroup"));
        Assert.Equal("answered", record.GetString("Outcome"));
        Assert.NotNull(record.GetDateTimeOffset("CallbackRequestedAt"));
        var fromArrival = (long)(record.GetDateTimeOffset("AnsweredAt")!.Value - record.GetDateTimeOffset("ArrivedAt")!.Value).TotalMilliseconds;
        Assert.Equal(fromArrival, record.GetInt64("TimeToHumanMs"));

        // Its number is gone from storage; the caller on hold waits on, for the agent's next free moment.
        Assert.Empty(await CallbackRowsAsync(table));
        Assert.Single(rest.Calls);
        Assert.Null((await ivr.Records.WaitForAsync(second.CallSid, r => r.GetDateTimeOffset("QueuedAt") is not null)).GetString("AnsweredBy"));

        // Analysts see the callback apart, with its time to callback, and the dashboard shows it.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).DateTime);
        var callbacks = (await new AnalyticsClient(ivr.Http).SummaryAsync(Line, today.AddDays(-1), today.AddDays(1)))["totals"]!["callbacks"]!;
        Assert.Equal((1L, 1L, 0L), ((long)callbacks["requested"]!, (long)callbacks["connected"]!, (long)callbacks["failed"]!));
        Assert.Equal(fromArrival, (long)callbacks["timeToCallback"]!["maxMs"]!);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/dashboard?line=" + Uri.EscapeDataString(Line));
        page.Headers.Authorization = new("Bearer", IvrProcess.AnalystKey);
        using var dashboard = await ivr.Http.SendAsync(page);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("id=\"figure-callbacks-requested\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"figure-callbacks-connected\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAnswerIsTriedAgainLaterAndAMachineOnTheLastAttemptEndsTheCallbackAsFailed()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        var table = HandoffRecords.UniqueTableName();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table);
        await ivr.Admin.CreateLineAsync(Line, Rules(attempts: 2));
        await SetAwayAsync(ivr, Alice);
        var busy = await BusyAgentAsync(ivr);
        var caller = new SimulatedCall(ivr.Twilio, Line, "+31611115011");
        await RequestCallbackAsync(caller, (await caller.ArriveAsync()).Root!.Element("Enqueue")!);
        await busy.DialEndsAsync("completed", bridged: true);

        // Attempt 1: the caller's phone is not answered. The agent is told, and the callback waits a minute, in its place.
        var offer = Assert.Single(await rest.WaitForCallsAsync(1));
        var dial = await AcceptAsync(ivr, offer);
        var told = await offer.PostAsync(ivr.Twilio, dial.Attribute("action")!.Value, ("CallStatus", "in-progress"), ("DialCallStatus", "no-answer"), ("DialBridged", "false"));
        Assert.Contains("try again later", told.Root!.Element("Say")!.Value, StringComparison.Ordinal);
        var pending = Assert.Single(await CallbackRowsAsync(table));
        Assert.Equal(1, pending.GetInt32("Attempts"));
        Assert.True(pending.GetDateTimeOffset("NextAttemptAt") > TimeProvider.System.GetUtcNow().AddSeconds(30));
        Assert.DoesNotContain(caller.Caller.TrimStart('+'), pending.GetString("Number"), StringComparison.Ordinal);
        var afterOne = await ivr.Records.WaitForAsync(caller.CallSid, r => r.GetString("CallbackAttempt1Result") is not null);
        Assert.Equal("no-answer", afterOne.GetString("CallbackAttempt1Result"));
        Assert.Equal("in-progress", afterOne.GetString("Outcome"));

        // Admins see it pending, with its attempt, and never its number.
        using (var people = await ivr.Admin.SendAsync(HttpMethod.Get, $"/api/admin/lines/{Uri.EscapeDataString(Line)}/people"))
        {
            var body = await people.Content.ReadAsStringAsync();
            var listed = Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(body)!["callbacks"]!.AsArray());
            Assert.Equal(1, (int)listed!["attempts"]!);
            Assert.False((bool)listed["inProgress"]!);
            Assert.DoesNotContain(caller.Caller.TrimStart('+'), body, StringComparison.Ordinal);
        }

        // The agent is free at once, though their call goes on; nothing is tried before the minute is up.
        await offer.PostAsync(ivr.Twilio, offer.PathOf("StatusCallback"), ("CallStatus", "completed"), ("CallDuration", "20"));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Single(rest.Calls);

        // The minute passes (storage is the clock here): attempt 2 reaches a machine, the last attempt.
        await MoveNextAttemptToNowAsync(table, pending);
        var again = (await rest.WaitForCallsAsync(2))[1];
        var secondDial = await AcceptAsync(ivr, again);
        var machine = await CalleeAnswersAsync(ivr, again, secondDial.Element("Number")!, "machine_start");
        Assert.NotNull(machine.Root!.Element("Hangup"));
        var lastWords = await again.PostAsync(ivr.Twilio, secondDial.Attribute("action")!.Value, ("CallStatus", "in-progress"), ("DialCallStatus", "completed"), ("DialBridged", "false"));
        Assert.Contains("last attempt", lastWords.Root!.Element("Say")!.Value, StringComparison.Ordinal);

        var failed = await ivr.Records.WaitForAsync(caller.CallSid, r => r.GetString("CallbackResult") is not null);
        Assert.Equal("callback-failed", failed.GetString("CallbackResult"));
        Assert.Equal("machine", failed.GetString("CallbackAttempt2Result"));
        Assert.Equal("no-answer", failed.GetString("Outcome"));
        Assert.Null(failed.GetString("AnsweredBy"));
        Assert.Empty(await CallbackRowsAsync(table));
    }

    [Fact]
    public async Task AClosedLineKeepsItsCallbacksUntilTheyExpireAndThenDeletesTheNumber()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        var table = HandoffRecords.UniqueTableName();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table);
        var etag = await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetAwayAsync(ivr, Alice);
        var busy = await BusyAgentAsync(ivr);
        var caller = new SimulatedCall(ivr.Twilio, Line, "+31611115021");
        await RequestCallbackAsync(caller, (await caller.ArriveAsync()).Root!.Element("Enqueue")!);

        // The line closes (a closure for today), and the agent becomes free: nobody is called while it is closed.
        var today = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (var closed = await ivr.Admin.PutLineAsync(Line, Rules().Replace("\"ringGroups\"", $"\"closures\": [{{ \"from\": \"{today}\", \"to\": \"{today}\" }}], \"ringGroups\"", StringComparison.Ordinal), etag))
        {
            Assert.True(closed.IsSuccessStatusCode, await closed.Content.ReadAsStringAsync());
        }

        await busy.DialEndsAsync("completed", bridged: true);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Empty(rest.Calls);
        var pending = Assert.Single(await CallbackRowsAsync(table));

        // Its time runs out (storage is the clock here): the callback ends as expired, and its number is deleted.
        var row = new TableEntity(pending.PartitionKey, pending.RowKey) { ["ExpiresAt"] = TimeProvider.System.GetUtcNow().AddSeconds(-1) };
        await CallbacksTable(table).UpdateEntityAsync(row, pending.ETag, TableUpdateMode.Merge);
        var expired = await ivr.Records.WaitForAsync(caller.CallSid, r => r.GetString("CallbackResult") is not null);
        Assert.Equal("callback-expired", expired.GetString("CallbackResult"));
        Assert.Empty(await CallbackRowsAsync(table));
        Assert.Empty(rest.Calls);
    }

    [Fact]
    public async Task PendingCallbacksSurviveARestartAndTwoInstancesCallTheCallerBackOnlyOnce()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        var table = HandoffRecords.UniqueTableName();
        string callSid;
        await using (var before = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table))
        {
            await before.Admin.CreateLineAsync(Line, Rules());
            await SetAwayAsync(before, Agent);
            await SetAwayAsync(before, Alice);
            var caller = new SimulatedCall(before.Twilio, Line, "+31611115031");
            await RequestCallbackAsync(caller, (await caller.ArriveAsync()).Root!.Element("Enqueue")!);
            callSid = caller.CallSid;
        }

        // Two new instances share the storage; both people become free at the same moment.
        await using var one = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table);
        await using var two = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table);
        await Task.WhenAll(SetAvailableAsync(one, Agent), SetAvailableAsync(two, Alice));

        var offer = Assert.Single(await rest.WaitForCallsAsync(1));
        Assert.Contains($"callback={callSid}", offer.Field("Url"), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        Assert.Single(rest.Calls);
        Assert.Equal(offer.To, Assert.Single(await CallbackRowsAsync(table)).GetString("Person"));
    }

    [Fact]
    public async Task ACallerWhoAnswersWhileStorageIsDownIsConnectedAndTheCallbackIsDeletedOnceStorageIsBack()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        using var link = new NetworkLink(env.Azurite.Port);
        var table = HandoffRecords.UniqueTableName();
        await using var ivr = await env.StartInProcessAsync(
            settings => { rest.Configure(settings); settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port); },
            seedLines: false,
            table: table);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetAwayAsync(ivr, Alice);
        var busy = await BusyAgentAsync(ivr);
        var caller = new SimulatedCall(ivr.Twilio, Line, "+31611115051");
        await RequestCallbackAsync(caller, (await caller.ArriveAsync()).Root!.Element("Enqueue")!);
        await busy.DialEndsAsync("completed", bridged: true);
        var offer = Assert.Single(await rest.WaitForCallsAsync(1));
        var number = (await AcceptAsync(ivr, offer)).Element("Number")!;

        // Storage goes away as the caller answers: they are put through all the same.
        link.Cut();
        var answered = await CalleeAnswersAsync(ivr, offer, number, "human");
        Assert.Empty(answered.Root!.Elements());
        Assert.Single(await CallbackRowsAsync(table));

        // Once storage is back the callback's row, and the number in it, is deleted, and the record shows the hand-off.
        link.Restore();
        var record = await ivr.Records.WaitForAsync(caller.CallSid, r => r.GetString("CallbackResult") is not null, TimeSpan.FromSeconds(30));
        Assert.Equal("callback-connected", record.GetString("CallbackResult"));
        var deadline = TimeProvider.System.GetTimestamp() + (10 * TimeProvider.System.TimestampFrequency);
        while ((await CallbackRowsAsync(table)).Count > 0 && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Empty(await CallbackRowsAsync(table));
        Assert.Single(rest.Calls);
    }

    [Fact]
    public async Task AForgedPressIsRefusedAndAReplayedPressAfterTheCallerLeftStoresNothing()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        var table = HandoffRecords.UniqueTableName();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetAwayAsync(ivr, Agent);
        await SetAwayAsync(ivr, Alice);
        var caller = new SimulatedCall(ivr.Twilio, Line, "+31611115041");
        var enqueue = (await caller.ArriveAsync()).Root!.Element("Enqueue")!;
        var wait = await WaitAsync(caller, enqueue);
        var press = wait.Root!.Element("Gather")!.Attribute("action")!.Value;

        // Forged: a signature that is not Twilio's. Refused, and nothing is stored.
        using var forged = await ivr.Twilio.PostForgedAsync(press, caller.IncomingForm().Append(new("Digits", "1")).ToList());
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Empty(await CallbackRowsAsync(table));

        // Any key but 1 changes nothing: the caller keeps waiting.
        Assert.Empty((await caller.PostAsync(press, ("CallStatus", "in-progress"), ("Digits", "2"))).Root!.Elements());
        Assert.Empty(await CallbackRowsAsync(table));

        // The real press, then the caller leaves and hangs up; the same signed press replayed later stores nothing new.
        await RequestCallbackAsync(caller, enqueue);
        var stored = Assert.Single(await CallbackRowsAsync(table));
        Assert.Empty((await caller.PostAsync(press, ("CallStatus", "in-progress"), ("Digits", "1"))).Root!.Elements());
        Assert.Equal(stored.ETag, Assert.Single(await CallbackRowsAsync(table)).ETag);
    }

    /// <summary>The agent answers a caller, and stays on the call: busy.</summary>
    private static async Task<SimulatedCall> BusyAgentAsync(RunningIvr ivr)
    {
        var busy = new SimulatedCall(ivr.Twilio, Line, "+31611115099");
        Assert.NotEmpty((await busy.ArriveAsync()).Descendants("Dial"));
        await busy.AnswerAsync(Agent);
        return busy;
    }

    private static Task<XDocument> WaitAsync(SimulatedCall caller, XElement enqueue) =>
        caller.PostAsync(enqueue.Attribute("waitUrl")!.Value, ("CallStatus", "in-progress"), ("QueuePosition", "1"), ("QueueTime", "1"), ("AvgQueueTime", "0"));

    /// <summary>The caller hears the offer in the wait, presses 1, leaves the queue, hears it confirmed and hangs up.</summary>
    private static async Task RequestCallbackAsync(SimulatedCall caller, XElement enqueue)
    {
        var gather = (await WaitAsync(caller, enqueue)).Root!.Element("Gather")!;
        Assert.Contains(gather.Elements("Say"), say => say.Value.Contains("Press 1 to be called back", StringComparison.Ordinal));
        var left = await caller.PostAsync(gather.Attribute("action")!.Value, ("CallStatus", "in-progress"), ("Digits", "1"));
        Assert.Equal("Leave", Assert.Single(left.Root!.Elements()).Name.LocalName);
        var confirmed = await caller.PostAsync(enqueue.Attribute("action")!.Value, ("CallStatus", "in-progress"), ("QueueResult", "leave"), ("QueueTime", "2"));
        Assert.Equal(["Say", "Hangup"], confirmed.Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Contains("call you back", confirmed.Root!.Element("Say")!.Value, StringComparison.Ordinal);
        await caller.EndAsync();
    }

    /// <summary>The person picks up the callback's offer and presses a key: the dial of the caller.</summary>
    private static async Task<XElement> AcceptAsync(RunningIvr ivr, PlacedCall offer)
    {
        var gather = (await offer.PostAsync(ivr.Twilio, offer.PathOf("Url"), ("CallStatus", "in-progress"))).Root!.Element("Gather")!;
        return (await offer.PostAsync(ivr.Twilio, gather.Attribute("action")!.Value, ("CallStatus", "in-progress"), ("Digits", "1"))).Root!.Element("Dial")!;
    }

    /// <summary>The caller's phone answers the dial (its <c>url</c>, as machine detection reports it): on the child leg.</summary>
    private static async Task<XDocument> CalleeAnswersAsync(RunningIvr ivr, PlacedCall offer, XElement number, string answeredBy)
    {
        using var response = await ivr.Twilio.PostAsync(number.Attribute("url")!.Value,
        [
            new("AccountSid", TwilioRestStandIn.AccountSid),
            new("CallSid", SimulatedCall.NewSid("CA")),
            new("ParentCallSid", offer.Sid),
            new("Direction", "outbound-dial"),
            new("From", Line),
            new("To", number.Value),
            new("CallStatus", "in-progress"),
            new("AnsweredBy", answeredBy),
        ]);
        return await SimulatedCall.ReadTwimlAsync(response);
    }

    private TableClient CallbacksTable(string table) => new(env.Azurite.ConnectionString, table + "Callbacks");

    private async Task<List<TableEntity>> CallbackRowsAsync(string table)
    {
        try
        {
            var rows = new List<TableEntity>();
            await foreach (var row in CallbacksTable(table).QueryAsync<TableEntity>())
            {
                rows.Add(row);
            }

            return rows;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    private async Task MoveNextAttemptToNowAsync(string table, TableEntity pending)
    {
        var current = Assert.Single(await CallbackRowsAsync(table));
        var row = new TableEntity(pending.PartitionKey, pending.RowKey) { ["NextAttemptAt"] = TimeProvider.System.GetUtcNow().AddSeconds(-1) };
        await CallbacksTable(table).UpdateEntityAsync(row, current.ETag, TableUpdateMode.Merge);
    }

    private static Task SetAwayAsync(RunningIvr ivr, string person) => SetPresenceAsync(ivr, person, "away");

    private static Task SetAvailableAsync(RunningIvr ivr, string person) => SetPresenceAsync(ivr, person, "available");

    private static async Task SetPresenceAsync(RunningIvr ivr, string person, string presence)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/lines/{Uri.EscapeDataString(Line)}/people/{Uri.EscapeDataString(person)}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { presence }),
        };
        request.Headers.Authorization = new("Bearer", IvrProcess.AdminKey);
        using var response = await ivr.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
