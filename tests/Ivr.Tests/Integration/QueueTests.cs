using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// A line's queue end to end, over HTTP with Azurite and a stand-in for Twilio's REST API: only free people ring, a
/// caller nobody can take waits in the queue, and the next person to become free is called and bridged to them.
/// </summary>
public sealed class QueueTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31201119001";
    private const string Agent = IvrWithStorage.SupportAgent;
    private const string Alice = "client:alice";

    private static string Rules(bool screening = false) => $$"""
        {
          "name": "Support",
          "timeZone": "Europe/Amsterdam",
          "ringGroups": [{ "name": "Support", "members": ["{{Agent}}", "{{Alice}}"], "ringTimeoutSeconds": 15 }],
          "queue": { "enabled": true, "maxWaitSeconds": 300 },
          "screening": {{(screening ? "true" : "false")}}
        }
        """;

    [Fact]
    public async Task WithEveryoneBusyACallerWaitsAndIsOfferedOnceToThePersonWhoseCallEnds()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetPresenceAsync(ivr, Alice, "away");

        // The first caller rings only the agent (alice is away), who picks up.
        var first = new SimulatedCall(ivr.Twilio, Line, "+31611110001");
        Assert.Equal([Agent], Dialled(await first.ArriveAsync()));
        await first.AnswerAsync(Agent);

        // The second caller rings nobody: they wait in the line's queue.
        var second = new SimulatedCall(ivr.Twilio, Line, "+31611110002");
        var twiml = await second.ArriveAsync();
        Assert.Empty(twiml.Descendants("Dial"));
        var enqueue = Assert.Single(twiml.Root!.Elements());
        Assert.Equal("Enqueue", enqueue.Name.LocalName);
        Assert.Equal("ivr-31201119001", enqueue.Value);
        var queued = await ivr.Records.WaitForAsync(second.CallSid, r => r.GetDateTimeOffset("QueuedAt") is not null);
        Assert.Null(queued.GetString("AnsweredBy"));

        // What the waiting caller hears: their place, then a pause before the next check.
        var waiting = await second.PostAsync(enqueue.Attribute("waitUrl")!.Value, ("QueuePosition", "1"), ("QueueTime", "0"), ("AvgQueueTime", "0"), ("CurrentQueueSize", "1"));
        Assert.Equal(["Say", "Pause"], waiting.Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Contains("number 1", waiting.Root.Element("Say")!.Value, StringComparison.Ordinal);
        Assert.Empty(rest.Calls);

        // The agent's call ends: Ivr calls the agent, once, to take the waiting caller.
        await first.DialEndsAsync("completed", bridged: true);
        var offer = Assert.Single(await rest.WaitForCallsAsync(1));
        Assert.Equal(Agent, offer.To);
        Assert.Equal(Line, offer.Field("From"));
        Assert.Equal(IvrProcess.AuthToken, offer.Secret);
        Assert.Equal("https://ivr.example.test/api/voice/offer?line=%2B31201119001", offer.Field("Url"));
        Assert.Equal("completed", Assert.Single(offer.Form["StatusCallbackEvent"]));

        // The agent picks up the offer: it dials the line's queue.
        var offerTwiml = await PostOnOfferAsync(ivr, offer, offer.PathOf("Url"), ("CallStatus", "in-progress"));
        var queueNoun = offerTwiml.Root!.Element("Dial")!.Element("Queue")!;
        Assert.Equal("ivr-31201119001", queueNoun.Value);

        // Twilio bridges the caller who waited longest: the hand-off is recorded on their call.
        await second.PostAsync(queueNoun.Attribute("url")!.Value, ("QueueSid", SimulatedCall.NewSid("QU")), ("QueueTime", "4"), ("DequeingCallSid", offer.Sid));
        var bridged = await ivr.Records.WaitForAsync(second.CallSid, r => r.GetString("AnsweredBy") is not null);
        Assert.Equal(Agent, bridged.GetString("AnsweredBy"));
        Assert.Equal("(queue)", bridged.GetString("AnsweredGroup"));
        Assert.Equal("answered", bridged.GetString("Outcome"));
        Assert.NotNull(bridged.GetInt64("QueueWaitMs"));

        // Busy with that caller now: a third caller waits too, and no second offer goes out.
        var third = new SimulatedCall(ivr.Twilio, Line, "+31611110003");
        Assert.Equal("Enqueue", (await third.ArriveAsync()).Root!.Elements().Single().Name.LocalName);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Single(rest.Calls);

        // When the agent hangs up on the bridged caller, the third caller is offered to them.
        await PostOnOfferAsync(ivr, offer, offer.PathOf("StatusCallback"), ("CallStatus", "completed"), ("CallDuration", "42"));
        var calls = await rest.WaitForCallsAsync(2);
        Assert.Equal(Agent, calls[1].To);
    }

    [Fact]
    public async Task ACallerBeingPutThroughToThePersonWhoTookTheOfferIsNotOfferedToASecondPerson()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());

        // Both people on calls; a caller waits.
        var agentsCall = new SimulatedCall(ivr.Twilio, Line, "+31611110071");
        await agentsCall.ArriveAsync();
        await agentsCall.AnswerAsync(Agent);
        var alicesCall = new SimulatedCall(ivr.Twilio, Line, "+31611110072");
        Assert.Equal([Alice], Dialled(await alicesCall.ArriveAsync()));
        await alicesCall.AnswerAsync(Alice);
        var waiting = new SimulatedCall(ivr.Twilio, Line, "+31611110073");
        Assert.Equal("Enqueue", (await waiting.ArriveAsync()).Root!.Elements().Single().Name.LocalName);

        // The agent is offered the caller and picks up: Twilio is connecting them, the caller still listed as waiting.
        await agentsCall.DialEndsAsync("completed", bridged: true);
        var offer = Assert.Single(await rest.WaitForCallsAsync(1));
        var queue = (await PostOnOfferAsync(ivr, offer, offer.PathOf("Url"), ("CallStatus", "in-progress"))).Root!.Element("Dial")!.Element("Queue")!;

        // Alice becomes free meanwhile: the caller is the agent's, so Alice's phone does not ring for them.
        await alicesCall.DialEndsAsync("completed", bridged: true);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Single(rest.Calls);

        // Once the caller is put through, nobody waits: the next caller rings Alice.
        await waiting.PostAsync(queue.Attribute("url")!.Value, ("QueueTime", "3"), ("DequeingCallSid", offer.Sid));
        Assert.Equal([Alice], Dialled(await new SimulatedCall(ivr.Twilio, Line, "+31611110074").ArriveAsync()));
        Assert.Single(rest.Calls);
    }

    [Fact]
    public async Task AnAwayPersonIsNeverRungAndRingsAgainOnceMarkedAvailable()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());

        var state = await SetPresenceAsync(ivr, Agent, "away");
        Assert.Equal("away", state.GetProperty("state").GetString());
        Assert.Equal([Alice], Dialled(await new SimulatedCall(ivr.Twilio, Line).ArriveAsync()));

        await SetPresenceAsync(ivr, Agent, "available");
        Assert.Equal([Agent, Alice], Dialled(await new SimulatedCall(ivr.Twilio, Line).ArriveAsync()));

        using var people = await ivr.Http.SendAsync(AdminRequest(HttpMethod.Get, $"/api/admin/lines/{Uri.EscapeDataString(Line)}/people"));
        var listed = (await people.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("people").EnumerateArray()
            .Select(p => (p.GetProperty("person").GetString(), p.GetProperty("state").GetString()));
        Assert.Equal([(Agent, "available"), (Alice, "available")], listed);
    }

    [Fact]
    public async Task MarkingSomeoneNotOnTheLineOrWithABadStateIsRefusedAndChangesNothing()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());

        using var bad = await ivr.Http.SendAsync(AdminRequest(HttpMethod.Put, PersonPath(Agent), new { presence = "sleeping" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("presence", out _));

        using var stranger = await ivr.Http.SendAsync(AdminRequest(HttpMethod.Put, PersonPath("+31699999999"), new { presence = "away" }));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);

        Assert.Equal([Agent, Alice], Dialled(await new SimulatedCall(ivr.Twilio, Line).ArriveAsync()));
    }

    [Fact]
    public async Task APersonWhoLetsAnOfferGoIsNotOfferedAgainForAWhileAndTheNextFreePersonIs()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules(screening: true));

        // Both people on calls; a caller waits.
        var agentsCall = new SimulatedCall(ivr.Twilio, Line, "+31611110011");
        await agentsCall.ArriveAsync();
        await agentsCall.AnswerAsync(Agent);
        var alicesCall = new SimulatedCall(ivr.Twilio, Line, "+31611110012");
        Assert.Equal([Alice], Dialled(await alicesCall.ArriveAsync()));
        await alicesCall.AnswerAsync(Alice);
        var waiting = new SimulatedCall(ivr.Twilio, Line, "+31611110013");
        Assert.Equal("Enqueue", (await waiting.ArriveAsync()).Root!.Elements().Single().Name.LocalName);

        // The agent is free and offered the caller; the screened offer is answered by a voicemail, which presses nothing.
        await agentsCall.DialEndsAsync("completed", bridged: true);
        var offer = Assert.Single(await rest.WaitForCallsAsync(1));
        Assert.Equal(Agent, offer.To);
        var prompt = await PostOnOfferAsync(ivr, offer, offer.PathOf("Url"), ("CallStatus", "in-progress"));
        Assert.Equal(["Gather", "Hangup"], prompt.Root!.Elements().Select(e => e.Name.LocalName));
        await PostOnOfferAsync(ivr, offer, offer.PathOf("StatusCallback"), ("CallStatus", "completed"), ("CallDuration", "6"));

        // The agent rests: no new offer to them while the caller still waits.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Single(rest.Calls);

        // Alice becomes free: the offer goes to her, and her key press dials the queue.
        await alicesCall.DialEndsAsync("completed", bridged: true);
        var calls = await rest.WaitForCallsAsync(2);
        Assert.Equal(Alice, calls[1].To);
        var accept = prompt.Root!.Element("Gather")!.Attribute("action")!.Value;
        var taken = await PostOnOfferAsync(ivr, calls[1], accept, ("CallStatus", "in-progress"), ("Digits", "1"));
        Assert.Equal("ivr-31201119001", taken.Root!.Element("Dial")!.Element("Queue")!.Value);
    }

    [Fact]
    public async Task ACallerWhoHangsUpInTheQueueIsRecordedAsAbandonedWithTheirWait()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetPresenceAsync(ivr, Agent, "away");
        await SetPresenceAsync(ivr, Alice, "away");

        var call = new SimulatedCall(ivr.Twilio, Line);
        var enqueue = (await call.ArriveAsync()).Root!.Element("Enqueue")!;
        var after = await call.PostAsync(enqueue.Attribute("action")!.Value, ("QueueResult", "hangup"), ("QueueTime", "12"), ("CallStatus", "completed"));
        Assert.Equal("Hangup", after.Root!.Elements().Single().Name.LocalName);
        await call.EndAsync();

        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("QueueResult") is not null);
        Assert.Equal("abandoned", record.GetString("Outcome"));
        Assert.Equal("hangup", record.GetString("QueueResult"));
        Assert.NotNull(record.GetInt64("QueueWaitMs"));
        Assert.NotNull(record.GetInt64("WaitMs"));
    }

    [Fact]
    public async Task ACallerPastTheQueuesLimitLeavesItForHowTheLinesCallsEnd()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetPresenceAsync(ivr, Agent, "away");
        await SetPresenceAsync(ivr, Alice, "away");

        var call = new SimulatedCall(ivr.Twilio, Line);
        var enqueue = (await call.ArriveAsync()).Root!.Element("Enqueue")!;
        var wait = await call.PostAsync(enqueue.Attribute("waitUrl")!.Value, ("QueuePosition", "1"), ("QueueTime", "300"), ("AvgQueueTime", "300"));
        Assert.Equal("Leave", wait.Root!.Elements().Single().Name.LocalName);

        var after = await call.PostAsync(enqueue.Attribute("action")!.Value, ("QueueResult", "leave"), ("QueueTime", "300"), ("CallStatus", "in-progress"));
        Assert.Equal(["Say", "Record"], after.Root!.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public async Task TwoInstancesOfferAFreePersonAWaitingCallerOnlyOnce()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        var table = HandoffRecords.UniqueTableName();
        await using var one = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table);
        await one.Admin.CreateLineAsync(Line, Rules().Replace("\"screening\"", "\"wrapUpSeconds\": 3, \"screening\"", StringComparison.Ordinal));
        await using var two = await env.StartInProcessAsync(rest.Configure, seedLines: false, table: table);
        await SetPresenceAsync(one, Alice, "away");

        var busy = new SimulatedCall(one.Twilio, Line, "+31611110021");
        await busy.ArriveAsync();
        await busy.AnswerAsync(Agent);
        var waiting = new SimulatedCall(one.Twilio, Line, "+31611110022");
        var enqueue = (await waiting.ArriveAsync()).Root!.Element("Enqueue")!;

        // The agent's call ends with 3 s of wrap-up: long enough for both instances to read that the caller waits and
        // when the agent will be free. Then both look for someone to offer the caller to at the same moment.
        var ended = TimeProvider.System.GetTimestamp();
        await busy.DialEndsAsync("completed", bridged: true);
        await Task.Delay(TimeSpan.FromSeconds(3.05) - TimeProvider.System.GetElapsedTime(ended));
        var onTwo = new SimulatedCall(two.Twilio, Line, waiting.Caller, waiting.CallSid);
        var waitFields = new[] { ("QueuePosition", "1"), ("QueueTime", "5"), ("AvgQueueTime", "5") };
        await Task.WhenAll(waiting.PostAsync(enqueue.Attribute("waitUrl")!.Value, waitFields), onTwo.PostAsync(enqueue.Attribute("waitUrl")!.Value, waitFields));

        await rest.WaitForCallsAsync(1);
        await Task.Delay(PresenceRefresh * 2);
        Assert.Equal(Agent, Assert.Single(rest.Calls).To);
    }

    [Fact]
    public async Task AnalyticsAndTheDashboardShowCallsTakenFromTheQueueTheirWaitsAndCallersWhoHungUpWaiting()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetPresenceAsync(ivr, Agent, "away");
        await SetPresenceAsync(ivr, Alice, "away");

        // Two callers find nobody free; the first hangs up waiting, the second is taken from the queue by the agent.
        var leaves = new SimulatedCall(ivr.Twilio, Line, "+31611110031");
        var leavesQueue = (await leaves.ArriveAsync()).Root!.Element("Enqueue")!;
        var taken = new SimulatedCall(ivr.Twilio, Line, "+31611110032");
        await taken.ArriveAsync();
        await leaves.PostAsync(leavesQueue.Attribute("action")!.Value, ("QueueResult", "hangup"), ("QueueTime", "3"), ("CallStatus", "completed"));
        await leaves.EndAsync();
        await SetPresenceAsync(ivr, Agent, "available");
        var offer = Assert.Single(await rest.WaitForCallsAsync(1));
        var queue = (await PostOnOfferAsync(ivr, offer, offer.PathOf("Url"), ("CallStatus", "in-progress"))).Root!.Element("Dial")!.Element("Queue")!;
        await taken.PostAsync(queue.Attribute("url")!.Value, ("QueueTime", "2"), ("DequeingCallSid", offer.Sid));
        await taken.EndAsync();
        await ivr.Records.WaitForAsync(taken.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("AnsweredBy") is not null);
        await ivr.Records.WaitForAsync(leaves.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("QueueResult") is not null);

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).DateTime);
        var summary = await new AnalyticsClient(ivr.Http).SummaryAsync(Line, today.AddDays(-1), today.AddDays(1));
        var queued = summary["totals"]!["queue"]!;
        Assert.Equal(2, (long)queued["queued"]!);
        Assert.Equal(2, (long)queued["nobodyFree"]!);
        Assert.Equal(1, (long)queued["answeredFromQueue"]!);
        Assert.Equal(1, (long)queued["abandonedInQueue"]!);
        Assert.NotNull(queued["wait"]!["p90Ms"]);
        Assert.Equal(1, (long)summary["totals"]!["answered"]!);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/dashboard?line=" + Uri.EscapeDataString(Line));
        page.Headers.Authorization = new("Bearer", IvrProcess.AnalystKey);
        using var response = await ivr.Http.SendAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"figure-queued\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"figure-answered-from-queue\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileCallersWaitANewCallerQueuesBehindThemInsteadOfRingingAPersonWhoJustBecameFree()
    {
        // No REST API configured: nobody is offered the waiting caller, so the order is up to the new caller's answer.
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetPresenceAsync(ivr, Agent, "away");
        await SetPresenceAsync(ivr, Alice, "away");
        var first = new SimulatedCall(ivr.Twilio, Line, "+31611110041");
        Assert.Equal("Enqueue", (await first.ArriveAsync()).Root!.Elements().Single().Name.LocalName);

        await SetPresenceAsync(ivr, Agent, "available");
        var second = new SimulatedCall(ivr.Twilio, Line, "+31611110042");
        var twiml = await second.ArriveAsync();

        Assert.Empty(twiml.Descendants("Dial"));
        Assert.Equal("Enqueue", twiml.Root!.Elements().Single().Name.LocalName);
    }

    [Fact]
    public async Task ACallerOfferedAMenuWithNobodyFreeIsListedAsWaitingOnlyOnceInTheQueue()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules().Replace("\"screening\"", "\"menu\": { \"prompt\": \"For support press 1.\", \"options\": { \"1\": \"Support\" } }, \"screening\"", StringComparison.Ordinal));
        await SetPresenceAsync(ivr, Agent, "away");
        await SetPresenceAsync(ivr, Alice, "away");

        var call = new SimulatedCall(ivr.Twilio, Line);
        var twiml = await call.ArriveAsync();
        Assert.Equal(["Gather", "Enqueue"], twiml.Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Empty(await WaitingSinceAsync(ivr));

        // The menu timed out: Twilio puts the caller in the queue and asks the wait URL at once.
        await call.PostAsync(twiml.Root.Element("Enqueue")!.Attribute("waitUrl")!.Value, ("QueuePosition", "1"), ("QueueTime", "0"), ("AvgQueueTime", "0"));
        Assert.Single(await WaitingSinceAsync(ivr));
        Assert.NotNull((await ivr.Records.WaitForAsync(call.CallSid, r => r.GetDateTimeOffset("QueuedAt") is not null)).GetDateTimeOffset("QueuedAt"));
    }

    private static async Task<JsonElement[]> WaitingSinceAsync(RunningIvr ivr)
    {
        using var people = await ivr.Http.SendAsync(AdminRequest(HttpMethod.Get, $"/api/admin/lines/{Uri.EscapeDataString(Line)}/people"));
        return [.. (await people.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waitingSince").EnumerateArray()];
    }

    [Fact]
    public async Task WithStorageDownCallersStillReachAFreePersonOrTheQueueAndOffersResumeOnceItIsBack()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        using var link = new NetworkLink(env.Azurite.Port);
        await using var ivr = await env.StartInProcessAsync(
            settings =>
            {
                rest.Configure(settings);
                settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port);
            },
            seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetPresenceAsync(ivr, Alice, "away");

        link.Cut();
        var first = new SimulatedCall(ivr.Twilio, Line, "+31611110051");
        Assert.Equal([Agent], Dialled(await first.ArriveAsync()));
        await first.AnswerAsync(Agent);
        var second = new SimulatedCall(ivr.Twilio, Line, "+31611110052");
        Assert.Equal("Enqueue", (await second.ArriveAsync()).Root!.Elements().Single().Name.LocalName);

        // Storage is back: when the agent's call ends, the agent is offered the waiting caller.
        link.Restore();
        await first.DialEndsAsync("completed", bridged: true);
        Assert.Equal(Agent, Assert.Single(await rest.WaitForCallsAsync(1, TimeSpan.FromSeconds(30))).To);
        await ivr.Records.WaitForAsync(second.CallSid, r => r.GetDateTimeOffset("QueuedAt") is not null, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task APersonOnTwoLinesIsOfferedTheCallerWhoHasWaitedLongestWhicheverLineTheyCalled()
    {
        const string OtherLine = "+31201119002";
        await using var rest = await TwilioRestStandIn.StartAsync();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await ivr.Admin.CreateLineAsync(OtherLine, Rules());
        await SetPresenceAsync(ivr, Alice, "away");

        var busy = new SimulatedCall(ivr.Twilio, Line, "+31611110061");
        await busy.ArriveAsync();
        await busy.AnswerAsync(Agent);
        var earlier = new SimulatedCall(ivr.Twilio, OtherLine, "+31611110062");
        await earlier.ArriveAsync();
        var later = new SimulatedCall(ivr.Twilio, Line, "+31611110063");
        await later.ArriveAsync();

        await busy.DialEndsAsync("completed", bridged: true);
        var first = Assert.Single(await rest.WaitForCallsAsync(1));
        Assert.Equal(OtherLine, first.Field("From"));

        // The agent takes the other line's caller; when that call ends, the line's caller is next.
        var queue = (await PostOnOfferAsync(ivr, first, first.PathOf("Url"), ("CallStatus", "in-progress"))).Root!.Element("Dial")!.Element("Queue")!;
        Assert.Equal("ivr-31201119002", queue.Value);
        await earlier.PostAsync(queue.Attribute("url")!.Value, ("QueueTime", "3"), ("DequeingCallSid", first.Sid));
        await PostOnOfferAsync(ivr, first, first.PathOf("StatusCallback"), ("CallStatus", "completed"), ("CallDuration", "30"));
        var calls = await rest.WaitForCallsAsync(2);
        Assert.Equal(Line, calls[1].Field("From"));
    }

    [Fact]
    public async Task AnOfferTwilioRefusesForTooManyRequestsIsPlacedOnTheNextTryAndOneItRefusesOutrightIsNotRepeated()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        await using var ivr = await env.StartInProcessAsync(rest.Configure, seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, Rules());
        await SetPresenceAsync(ivr, Agent, "away");
        await SetPresenceAsync(ivr, Alice, "away");
        await new SimulatedCall(ivr.Twilio, Line).ArriveAsync();

        // Too many requests: Twilio placed nothing, so the same request is sent again and the call is placed once.
        rest.FailNext(429, 20429, "Too Many Requests");
        await SetPresenceAsync(ivr, Agent, "available");
        Assert.Equal(Agent, Assert.Single(await rest.WaitForCallsAsync(1)).To);
        Assert.Equal(2, rest.Requests);

        // An invalid number: not sent again; alice is reserved and released, and tried again only after a pause.
        await PostOnOfferAsync(ivr, rest.Calls[0], rest.Calls[0].PathOf("StatusCallback"), ("CallStatus", "no-answer"));
        await new SimulatedCall(ivr.Twilio, Line, "+31611110071").ArriveAsync();
        rest.FailNext(400, 21211, "The 'To' number is not a valid phone number.");
        await SetPresenceAsync(ivr, Alice, "available");
        var deadline = Environment.TickCount64 + 15_000;
        while (rest.Requests < 3 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(25);
        }

        Assert.Equal(3, rest.Requests);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(3, rest.Requests);
        Assert.Single(rest.Calls);
    }

    private static readonly TimeSpan PresenceRefresh = TimeSpan.FromSeconds(2);

    private static string PersonPath(string person) => $"/api/admin/lines/{Uri.EscapeDataString(Line)}/people/{Uri.EscapeDataString(person)}";

    private static async Task<JsonElement> SetPresenceAsync(RunningIvr ivr, string person, string presence)
    {
        using var response = await ivr.Http.SendAsync(AdminRequest(HttpMethod.Put, PersonPath(person), new { presence }));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static HttpRequestMessage AdminRequest(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", IvrProcess.AdminKey);
        return request;
    }

    /// <summary>A request Twilio makes on the offer call Ivr placed (from the line to the person).</summary>
    private static async Task<XDocument> PostOnOfferAsync(RunningIvr ivr, PlacedCall offer, string pathAndQuery, params (string Name, string Value)[] extra)
    {
        using var response = await ivr.Twilio.PostAsync(pathAndQuery,
        [
            new("AccountSid", TwilioRestStandIn.AccountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", offer.Sid),
            new("Direction", "outbound-api"),
            new("From", offer.Field("From")!),
            new("To", offer.To),
            .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)),
        ]);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? new XDocument(new XElement("Response")) : XDocument.Parse(text);
    }

    private static string[] Dialled(XDocument twiml) =>
        [.. twiml.Descendants("Dial").Single().Elements().Select(e => e.Name.LocalName == "Client" ? "client:" + e.Value : e.Value)];
}
