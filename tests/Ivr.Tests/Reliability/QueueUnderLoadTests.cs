using System.Diagnostics;
using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ivr.Tests.Reliability;

/// <summary>
/// A line's queue under more callers than its people can take: three people in one ring group, callers arriving at
/// random moments (full size: 20 within a minute), each talking a few seconds. Twilio and the people are played by
/// <see cref="QueueLinePlay"/> against a real Ivr process, Azurite and the REST stand-in. Every caller who has to wait
/// is bridged, in the order they joined the queue; no dial or offer rings a person Ivr knew was on a call; no new
/// caller is rung while another waits; every offer finds a caller to take; no caller waits, with no offer on its way,
/// while a person stays free for longer than <see cref="FreeWhileWaitingBound"/> (generous: the dispatcher sweeps at
/// every change and every second); and every call has exactly one record with the right outcome. Latencies are
/// figures (docs/reliability.md), not assertions.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
[Trait(Tier.Name, Tier.All)]
public sealed class QueueUnderLoadTests(IvrWithStorage env, ITestOutputHelper output)
{
    private const string Line = "+31201119100";
    private const string Group = "Desk";

    private static readonly string[] People = ["+31612340001", "+31612340002", "+31612340003"];

    private static readonly TimeSpan FreeWhileWaitingBound = TimeSpan.FromSeconds(5);

    private static readonly string Rules = $$"""
        {
          "name": "Queue under load",
          "timeZone": "Europe/Amsterdam",
          "ringGroups": [{ "name": "{{Group}}", "members": ["{{People[0]}}", "{{People[1]}}", "{{People[2]}}"], "ringTimeoutSeconds": 15 }],
          "queue": { "enabled": true, "maxWaitSeconds": 600 }
        }
        """;

    [Fact]
    public async Task ThreePeopleAndABurstOfCallers_EveryWaitingCallerIsBridgedInArrivalOrder_NoBusyPhoneRings_NoRecordIsLost()
    {
        await using var rest = await TwilioRestStandIn.StartAsync();
        await using var ivr = await env.StartIvrAsync(rest.Configure);
        await ivr.Admin.CreateLineAsync(Line, Rules);
        using var load = new CallLoad();
        var warmUp = await Scenario.WarmUpAsync(load, ivr.Process.BaseAddress);

        var (talk, pickUp) = (ReliabilityScale.QueueTalk, ReliabilityScale.QueuePickUp);
        using var play = new QueueLinePlay(ivr.BaseAddress, env.Oracle, rest, Line, People)
        {
            TalkMs = (talk.Min.TotalMilliseconds, talk.Max.TotalMilliseconds),
            PickUpMs = (pickUp.Min.TotalMilliseconds, pickUp.Max.TotalMilliseconds),
        };
        var started = play.Now;
        await play.RunAsync(ReliabilityScale.QueueCallers, ReliabilityScale.QueueArrivals, ReliabilityScale.QueueArrivals + TimeSpan.FromSeconds(ReliabilityScale.Full ? 180 : 60));
        var ended = play.Now;

        var callers = play.Callers;
        var all = callers.Select(c => c.Acks).Concat(warmUp).ToList();
        var settling = Stopwatch.StartNew();
        RecordCheck check;
        List<string> wrong;
        while (true)
        {
            var rows = await ivr.Records.AllAsync();
            (check, wrong) = (RecordCheck.Of(rows, all), WrongRecords(rows, callers));
            if ((check.Holds && wrong.Count == 0) || settling.Elapsed > TimeSpan.FromSeconds(60))
            {
                break;
            }

            await Task.Delay(250);
        }

        var queued = callers.Where(c => c.QueuedAt is not null).ToList();
        var waits = queued.Where(c => c.QueueWaitMs is not null).Select(c => c.QueueWaitMs!.Value).ToList();
        var dispatch = play.DispatchMs;
        var incoming = play.IncomingMs;
        var arrivals = ReliabilityScale.QueueArrivals.TotalSeconds;
        var figures = new Figures
        {
            Scenario = "queue-under-load",
            Calls = callers.Count,
            CallsPerSecond = Math.Round(callers.Count / arrivals, 2),
            Requests = play.Requests,
            IncomingSamples = incoming.Count,
            IncomingP50Ms = Figures.Percentile(incoming, 50),
            IncomingP99Ms = Figures.Percentile(incoming, 99),
            IncomingMaxMs = incoming.Count == 0 ? null : Math.Round(incoming.Max(), 1),
            ValidTwimlPercent = play.Answers == 0 ? null : Math.Round(100.0 * play.ValidAnswers / play.Answers, 2),
            RecordsExpected = all.Count,
            RecordsFound = check.Found,
            Duplicates = check.Duplicates,
            LostUpdates = check.LostUpdates + check.MissingRecords,
            RecoverySeconds = Math.Round(settling.Elapsed.TotalSeconds, 1),
            DurationSeconds = Math.Round((ended - started) / 1000, 1),
            Queued = queued.Count,
            BridgedFromQueue = play.Bridges.Count,
            MaxQueueWaitMs = waits.Count == 0 ? null : Math.Round(waits.Max(), 0),
            Offers = play.Offers,
            DispatchSamples = dispatch.Count,
            DispatchP50Ms = Figures.Percentile(dispatch, 50),
            DispatchP99Ms = Figures.Percentile(dispatch, 99),
            LongestFreeWhileWaitingMs = Math.Round(play.LongestFreeWhileWaitingMs, 0),
            Notes = $"{People.Length} people in one ring group, {callers.Count} callers at random moments within {arrivals:0} s, each talking " +
                $"{talk.Min.TotalSeconds:0.#}-{talk.Max.TotalSeconds:0.#} s; {callers.Count - queued.Count} rung directly, {queued.Count} queued " +
                $"({queued.Count(c => c.RangUnanswered)} after a dial that ended busy), {play.Bridges.Count} bridged from the queue in the order they joined it, " +
                $"longest queue wait {(waits.Count == 0 ? 0 : waits.Max()) / 1000:0.0} s; {play.Offers} offers ({play.VoidOffers} hung up on pick-up for nobody waiting, " +
                $"{play.EmptyQueueOffers} found the queue empty, {play.BusyPhoneOffers} rang a phone in use); dispatch (a caller waiting unoffered and a person free " +
                $"to Ivr's REST request) p50 {Figures.Percentile(dispatch, 50)} ms, p99 {Figures.Percentile(dispatch, 99)} ms over {dispatch.Count}; " +
                $"longest a caller waited unoffered while a person was free {play.LongestFreeWhileWaitingMs:0} ms; records settled {settling.Elapsed.TotalSeconds:0.0} s after the last call (recovery column)",
        };
        figures.Write(output);
        figures.WriteLog("ivr", ivr.Process.Output);
        output.WriteLine(check.ToString());
        foreach (var line in play.Timeline)
        {
            output.WriteLine(line);
        }

        foreach (var caller in callers)
        {
            output.WriteLine($"caller {caller.Number}: arrived {caller.ArrivedAt:0} ms, " + (caller.QueuedAt is null
                ? $"answered by {caller.TakenBy}"
                : $"queued {caller.QueuedAt:0} ms (place {caller.QueuePlace}{(caller.RangUnanswered ? ", after a busy dial" : "")}), bridged {caller.BridgedAt:0} ms to {caller.TakenBy}"));
        }

        Assert.True(play.Failures.Count == 0, string.Join("\n", play.Failures));
        Assert.True(play.Violations.Count == 0, string.Join("\n", play.Violations));
        Assert.All(callers, c => Assert.True(c.Acks.EndedAck is not null, $"caller {c.Number} never hung up: {Describe(c)}"));
        Assert.Empty(play.StillWaiting.Select(Describe));
        Assert.NotEmpty(queued); // The scenario's premise: more callers than the people can take at once.
        Assert.All(queued, c => Assert.True(c.BridgedAt is not null, $"caller {c.Number} was never bridged: {Describe(c)}"));
        Assert.Equal(queued.OrderBy(c => c.QueuePlace).Select(c => c.Number), play.Bridges.Select(c => c.Number));

        // Nobody hangs up waiting here, so every offer has a caller of its own: none is hung up on, none finds the queue empty.
        Assert.Equal((0, 0), (play.VoidOffers, play.EmptyQueueOffers));
        Assert.True(play.LongestFreeWhileWaitingMs < FreeWhileWaitingBound.TotalMilliseconds,
            $"a caller waited unoffered for {play.LongestFreeWhileWaitingMs:0} ms while a person was free");
        Assert.True(check.Holds, check.ToString());
        Assert.Equal(all.Count, check.Rows);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Each caller's record against what happened: answered by the person who took them, from the queue or their ring group.</summary>
    private static List<string> WrongRecords(IReadOnlyList<TableEntity> rows, IReadOnlyList<PlayedCaller> callers)
    {
        var wrong = new List<string>();
        foreach (var caller in callers)
        {
            var mine = rows.Where(r => r.GetString("CallSid") == caller.Call.CallSid).ToList();
            if (mine is not [var row])
            {
                wrong.Add($"caller {caller.Number}: {mine.Count} records");
                continue;
            }

            var fromQueue = caller.QueuedAt is not null;
            var right = row.GetString("Outcome") == "answered"
                && row.GetString("AnsweredBy") == caller.TakenBy
                && row.GetString("AnsweredGroup") == (fromQueue ? "(queue)" : Group)
                && row.GetString("EndStatus") == "completed"
                && (fromQueue
                    ? row.GetDateTimeOffset("QueuedAt") is not null && row.GetString("QueueResult") == "bridged" && row.GetInt64("QueueWaitMs") is not null
                    : row.GetDateTimeOffset("QueuedAt") is null);
            if (!right)
            {
                wrong.Add($"caller {caller.Number} ({Describe(caller)}): {HandoffRecords.Describe(row)}");
            }
        }

        return wrong;
    }

    private static string Describe(PlayedCaller c) =>
        $"{c.Call.CallSid}, arrived {c.ArrivedAt:0} ms, " + (c.QueuedAt is null ? $"rung directly, answered by {c.TakenBy ?? "nobody"}" : $"queued at {c.QueuedAt:0} ms, bridged {c.BridgedAt?.ToString("0", System.Globalization.CultureInfo.InvariantCulture) ?? "never"} to {c.TakenBy ?? "nobody"}");
}
