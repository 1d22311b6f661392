using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// One call's hand-off as a test made it up: the outcome and durations are chosen first, and the table row (in the
/// column layout docs/records.md documents for analysts) is derived from them. Expected figures are computed from these,
/// never from anything Ivr answers.
/// </summary>
internal sealed record SeededCall(string Line, string CallSid, DateTimeOffset ArrivedAt, string Outcome)
{
    public const string Answered = "answered";
    public const string Abandoned = "abandoned";
    public const string NoAnswer = "no-answer";
    public const string Busy = "busy";
    public const string Failed = "failed";
    public const string Voicemail = "voicemail";
    public const string Closed = "closed";
    public const string InProgress = "in-progress";

    /// <summary>
    /// From arrival to a person answering; answered calls only. Null for an answered call whose <c>answered</c>
    /// callback never came (the dial reported <c>completed</c>): it counts as answered, but has no time to human.
    /// </summary>
    public long? TimeToHumanMs { get; init; }

    /// <summary>How long a caller who never reached a person waited; unanswered, decided calls only.</summary>
    public long? WaitMs { get; init; }

    public string? AnsweredBy { get; init; }

    public string? AnsweredGroup { get; init; }

    /// <summary>An abandoned call whose caller hung up before the dial reported anything (only the final status came).</summary>
    public bool EndedWithoutDialResult { get; init; }

    /// <summary>A closed-line call whose caller left a message.</summary>
    public bool LeftMessage { get; init; }

    public string RowKey => ArrivedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "_" + CallSid;

    /// <summary>The local hour of day (0–23) and local day the call arrived in, on a line in <paramref name="zone"/>.</summary>
    public (DateOnly Day, int Hour) LocalArrival(TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(ArrivedAt, zone);
        return (DateOnly.FromDateTime(local.DateTime), local.Hour);
    }

    /// <summary>The same call, now answered (its callbacks arrived late).</summary>
    public SeededCall AnsweredAfter(long timeToHumanMs, string by, string group) =>
        this with { Outcome = Answered, TimeToHumanMs = timeToHumanMs, WaitMs = null, AnsweredBy = by, AnsweredGroup = group };

    public TableEntity ToEntity()
    {
        var row = new TableEntity(Line, RowKey)
        {
            ["CallSid"] = CallSid,
            ["Line"] = Line,
            ["ArrivedAt"] = ArrivedAt,
            ["CallerHash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(CallSid))),
            ["Route"] = Outcome == Closed ? "closed" : "open",
            ["Outcome"] = Outcome,
        };
        var at = ArrivedAt;
        switch (Outcome)
        {
            case Answered when TimeToHumanMs is null:
                Dial(row, at.AddSeconds(120), "completed");
                End(row, at.AddSeconds(121), "completed");
                break;
            case Answered:
                var answeredAt = at.AddMilliseconds(TimeToHumanMs!.Value);
                row["AnsweredAt"] = answeredAt;
                row["AnsweredBy"] = AnsweredBy;
                row["AnsweredGroup"] = AnsweredGroup;
                row["TimeToHumanMs"] = TimeToHumanMs.Value;
                Dial(row, answeredAt.AddSeconds(95), "completed");
                End(row, answeredAt.AddSeconds(96), "completed");
                break;
            case Abandoned:
                if (!EndedWithoutDialResult)
                {
                    Dial(row, at.AddMilliseconds(WaitMs!.Value), "canceled");
                }

                End(row, at.AddMilliseconds(WaitMs!.Value), "completed");
                row["WaitMs"] = WaitMs.Value;
                break;
            case NoAnswer or Busy or Failed:
                Dial(row, at.AddMilliseconds(WaitMs!.Value), Outcome);
                End(row, at.AddMilliseconds(WaitMs.Value + 2_000), "completed");
                row["WaitMs"] = WaitMs.Value;
                break;
            case Voicemail:
                Dial(row, at.AddMilliseconds(WaitMs!.Value), "no-answer");
                Message(row, at.AddMilliseconds(WaitMs.Value + 9_000));
                End(row, at.AddMilliseconds(WaitMs.Value + 10_000), "completed");
                row["WaitMs"] = WaitMs.Value;
                break;
            case Closed:
                // The wait runs to the message when one was left, else to the end of the call.
                if (LeftMessage)
                {
                    Message(row, at.AddMilliseconds(WaitMs!.Value));
                    End(row, at.AddMilliseconds(WaitMs.Value + 1_000), "completed");
                }
                else
                {
                    End(row, at.AddMilliseconds(WaitMs!.Value), "completed");
                }

                row["WaitMs"] = WaitMs.Value;
                break;
            case InProgress:
                break;
            default:
                throw new InvalidOperationException("No such outcome: " + Outcome);
        }

        return row;
    }

    private void Message(TableEntity row, DateTimeOffset at)
    {
        row["VoicemailAt"] = at;
        row["VoicemailUrl"] = $"https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE{CallSid[2..]}";
    }

    private static void Dial(TableEntity row, DateTimeOffset at, string status)
    {
        row["DialEndedAt"] = at;
        row["DialStatus"] = status;
    }

    private static void End(TableEntity row, DateTimeOffset at, string status)
    {
        row["EndedAt"] = at;
        row["EndStatus"] = status;
    }
}

/// <summary>Writes made-up hand-off rows straight into the hand-off table in Azurite, 100 per transaction per partition.</summary>
internal sealed class SeededHandoffs(string connectionString, string table)
{
    private const int Batch = 100;
    private readonly TableClient client = new(connectionString, table);

    public TableClient Table => client;

    public async Task WriteAsync(IEnumerable<SeededCall> calls)
    {
        await client.CreateIfNotExistsAsync();
        var batches = calls
            .GroupBy(c => c.Line, StringComparer.Ordinal)
            .SelectMany(line => line.Chunk(Batch))
            .ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, cancellationToken) =>
            await client.SubmitTransactionAsync(batch.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, c.ToEntity())), cancellationToken));
    }

    /// <summary>Rewrites one call's row (late callbacks arriving, as far as the table can tell).</summary>
    public Task ReplaceAsync(SeededCall call) => client.UpsertEntityAsync(call.ToEntity(), TableUpdateMode.Replace);

    /// <summary>The row keys of a line's records now in the table.</summary>
    public async Task<List<string>> RowKeysAsync(string line)
    {
        var keys = new List<string>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {line}"), select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    /// <summary>
    /// Made-up calls: <paramref name="perDay"/> calls on each local day, mostly in office hours, a few at night, with
    /// every outcome, times to human on both sides of 20 s and 60 s (and a few whole seconds exactly), and abandons
    /// on both sides of 5 s. Arrivals for which <paramref name="keep"/> says no are left out.
    /// </summary>
    public static List<SeededCall> Generate(
        Random random, string line, TimeZoneInfo zone, IEnumerable<DateOnly> days, Func<int> perDay, Func<DateTimeOffset, bool>? keep = null)
    {
        var calls = new List<SeededCall>();
        foreach (var day in days)
        {
            var count = perDay();
            for (var i = 0; i < count; i++)
            {
                var arrival = LocalInstant(zone, day, RandomHour(random), random.Next(60), random.Next(60), random.Next(1000));
                if (arrival is { } at && (keep is null || keep(at)))
                {
                    calls.Add(Call(random, line, at));
                }
            }
        }

        return calls;
    }

    private const string AnsweredWithoutCallback = "answered, its answered callback lost";

    /// <summary>A made-up call arriving at <paramref name="at"/>: at night mostly closed, by day mostly answered.</summary>
    public static SeededCall Call(Random random, string line, DateTimeOffset at, string? outcome = null)
    {
        var sid = "CA" + Convert.ToHexStringLower(RandomBytes(random, 16));
        var hour = at.UtcDateTime.Hour; // Only biases outcomes (nights mostly closed); an hour or two off local time does not matter.
        outcome ??= Pick(random, hour is < 7 or > 19
            ? [(SeededCall.Closed, 70), (SeededCall.Answered, 20), (SeededCall.Abandoned, 10)]
            : [(SeededCall.Answered, 58), (AnsweredWithoutCallback, 2), (SeededCall.Abandoned, 16), (SeededCall.NoAnswer, 6), (SeededCall.Busy, 3), (SeededCall.Failed, 2),
                (SeededCall.Voicemail, 7), (SeededCall.Closed, 4), (SeededCall.InProgress, 2)]);
        if (outcome == AnsweredWithoutCallback)
        {
            return new SeededCall(line, sid, at, SeededCall.Answered);
        }

        var call = new SeededCall(line, sid, at, outcome);
        return outcome switch
        {
            SeededCall.Answered => call with
            {
                TimeToHumanMs = TimeToHuman(random),
                AnsweredBy = Pick(random, [("+31612340001", 4), ("+31612340002", 3), ("client:bob", 2), ("sip:carol@example.test", 1)]),
                AnsweredGroup = Pick(random, [("Desk", 3), ("Backoffice", 1)]),
            },
            SeededCall.Abandoned => call with { WaitMs = AbandonWait(random), EndedWithoutDialResult = random.Next(4) == 0 },
            SeededCall.NoAnswer or SeededCall.Busy or SeededCall.Failed or SeededCall.Voicemail => call with { WaitMs = random.Next(1_000, 30_000) },
            SeededCall.Closed => call with { WaitMs = random.Next(3_000, 40_000), LeftMessage = random.Next(3) == 0 },
            _ => call,
        };
    }

    /// <summary>The instant of a local wall-clock time; null when the clocks skip it.</summary>
    public static DateTimeOffset? LocalInstant(TimeZoneInfo zone, DateOnly day, int hour, int minute, int second, int millisecond)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute, second, millisecond));
        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static long TimeToHuman(Random random) => random.Next(100) switch
    {
        < 4 => 20_000,          // exactly the default service level: within it
        < 6 => 20_001,          // a millisecond over
        < 8 => 10_000,
        < 10 => 60_000,
        < 45 => random.Next(300, 10_000),
        < 70 => random.Next(10_000, 20_000),
        < 88 => random.Next(20_000, 60_000),
        < 97 => random.Next(60_000, 240_000),
        _ => random.Next(600_000, 900_000), // past the histogram's last bin
    };

    private static long AbandonWait(Random random) => random.Next(100) switch
    {
        < 8 => 5_000,           // exactly the default short-abandon cutoff: short
        < 12 => 5_001,
        < 16 => 3_000,
        < 45 => random.Next(0, 5_000),
        _ => random.Next(5_000, 120_000),
    };

    private static int RandomHour(Random random) => random.Next(100) switch
    {
        < 2 => 0,
        < 6 => random.Next(1, 8),
        < 92 => random.Next(8, 18),
        _ => random.Next(18, 24),
    };

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Pick(Random random, (string Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("Unreachable.");
    }
}

/// <summary>
/// The figures a set of made-up calls must come to, computed here from the calls themselves, and compared with a
/// figures object of Ivr's answer. Percentiles are nearest-rank; Ivr reads them from histogram bins, so a reported
/// percentile may be up to one bin above the exact value (100 ms up to a minute, 1 s up to 10 min) but never above
/// the maximum.
/// </summary>
internal static class ExpectedFigures
{
    private static readonly int[] DistributionEdgesSeconds = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300];

    public static long NearestRank(IReadOnlyList<long> sorted, int percent) =>
        sorted[(int)Math.Max(1, ((percent * (long)sorted.Count) + 99) / 100) - 1];

    /// <summary>Every mismatch between <paramref name="figures"/> and what <paramref name="calls"/> come to.</summary>
    public static List<string> Mismatches(string label, IReadOnlyCollection<SeededCall> calls, JsonNode? figures, int serviceLevelSeconds, int shortAbandonSeconds)
    {
        var problems = new List<string>();
        if (figures is null)
        {
            return [$"{label}: missing"];
        }

        long Count(string outcome) => calls.LongCount(c => c.Outcome == outcome);
        void Check(string name, object? expected)
        {
            var actual = figures[name];
            var same = expected switch
            {
                null => actual is null,
                long number => actual is not null && actual.GetValue<long>() == number,
                _ => throw new InvalidOperationException(),
            };
            if (!same)
            {
                problems.Add($"{label}.{name}: expected {expected ?? "null"}, got {actual?.ToJsonString() ?? "null"}");
            }
        }

        var answered = TimesToHuman(calls).Order().ToList();
        var abandoned = calls.Where(c => c.Outcome == SeededCall.Abandoned).ToList();
        var shortAbandoned = abandoned.LongCount(c => c.WaitMs <= shortAbandonSeconds * 1000L);
        var offered = calls.Count - Count(SeededCall.Closed) - Count(SeededCall.InProgress) - shortAbandoned;
        var within = answered.LongCount(t => t <= serviceLevelSeconds * 1000L);

        Check("calls", (long)calls.Count);
        Check("answered", Count(SeededCall.Answered));
        Check("abandoned", Count(SeededCall.Abandoned));
        Check("shortAbandoned", shortAbandoned);
        Check("noAnswer", Count(SeededCall.NoAnswer));
        Check("busy", Count(SeededCall.Busy));
        Check("failed", Count(SeededCall.Failed));
        Check("voicemail", Count(SeededCall.Voicemail));
        Check("closed", Count(SeededCall.Closed));
        Check("undecided", Count(SeededCall.InProgress));
        Check("offered", offered);
        Check("answeredWithinServiceLevel", within);
        CheckPercent(problems, label + ".serviceLevelPercent", figures["serviceLevelPercent"], within, offered);
        CheckPercent(problems, label + ".abandonedPercent", figures["abandonedPercent"], abandoned.Count - shortAbandoned, offered);
        problems.AddRange(TimeToHumanMismatches(label + ".timeToHuman", answered, figures["timeToHuman"]));
        problems.AddRange(TimeToHumanMismatches(label + ".abandonWait", abandoned.Select(c => c.WaitMs!.Value).ToList(), figures["abandonWait"]));
        return problems;
    }

    /// <summary>The times to human of the answered calls that have one.</summary>
    public static IEnumerable<long> TimesToHuman(IEnumerable<SeededCall> calls) =>
        calls.Where(c => c.Outcome == SeededCall.Answered && c.TimeToHumanMs is not null).Select(c => c.TimeToHumanMs!.Value);

    /// <summary>Mismatches of a <c>timeToHuman</c> (or <c>abandonWait</c>) object against the exact durations.</summary>
    public static List<string> TimeToHumanMismatches(string label, IReadOnlyList<long> durations, JsonNode? summary)
    {
        var problems = new List<string>();
        var sorted = durations.Order().ToList();
        long? Value(string name) => summary?[name]?.GetValue<long>();
        if (sorted.Count == 0)
        {
            foreach (var name in new[] { "p50Ms", "p90Ms", "p95Ms", "maxMs", "meanMs" })
            {
                if (Value(name) is { } value)
                {
                    problems.Add($"{label}.{name}: expected null (nothing answered), got {value}");
                }
            }

            return problems;
        }

        var max = sorted[^1];
        foreach (var percent in new[] { 50, 90, 95 })
        {
            var exact = NearestRank(sorted, percent);
            var upper = Math.Min(max, exact <= 60_000 ? exact + 100 : exact <= 600_000 ? exact + 1_000 : max);
            var reported = Value($"p{percent}Ms");
            if (reported is not { } r || r < exact || r > upper)
            {
                problems.Add($"{label}.p{percent}Ms: expected {exact}..{upper} (exact nearest rank {exact} of {sorted.Count}), got {reported?.ToString(CultureInfo.InvariantCulture) ?? "null"}");
            }
        }

        if (Value("maxMs") != max)
        {
            problems.Add($"{label}.maxMs: expected {max}, got {Value("maxMs")}");
        }

        var mean = sorted.Sum() / (double)sorted.Count;
        if (Value("meanMs") is not { } m || Math.Abs(m - mean) >= 1)
        {
            problems.Add($"{label}.meanMs: expected {mean:0.###} (±1), got {Value("meanMs")}");
        }

        return problems;
    }

    /// <summary>The time-to-human distribution buckets (answered calls within each edge in seconds; the last is open).</summary>
    public static List<(int? UpToSeconds, long Answered)> Distribution(IEnumerable<SeededCall> calls)
    {
        var counts = new long[DistributionEdgesSeconds.Length + 1];
        foreach (var ms in TimesToHuman(calls))
        {
            var bucket = Array.FindIndex(DistributionEdgesSeconds, edge => ms <= edge * 1000L);
            counts[bucket < 0 ? DistributionEdgesSeconds.Length : bucket]++;
        }

        return counts.Select((count, i) => (i < DistributionEdgesSeconds.Length ? (int?)DistributionEdgesSeconds[i] : null, count)).ToList();
    }

    /// <summary>A percentage rounded to two decimals: within half a hundredth of the exact ratio, and no more decimals.</summary>
    private static void CheckPercent(List<string> problems, string label, JsonNode? actual, long numerator, long denominator)
    {
        if (denominator <= 0)
        {
            if (actual is not null)
            {
                problems.Add($"{label}: expected null (nothing offered), got {actual.ToJsonString()}");
            }

            return;
        }

        var exact = 100.0 * numerator / denominator;
        if (actual is null || Math.Abs(actual.GetValue<double>() - exact) > 0.005 + 1e-9 || Math.Round(actual.GetValue<double>(), 2) != actual.GetValue<double>())
        {
            problems.Add($"{label}: expected {exact:0.####} rounded to 2 decimals, got {actual?.ToJsonString() ?? "null"}");
        }
    }
}

/// <summary>Reads a table whole, as an analyst's tool would.</summary>
internal static class TableRows
{
    /// <summary>A partition's rows as text (without the service's Timestamp and ETag), for before/after comparisons.</summary>
    public static async Task<List<string>> SnapshotAsync(TableClient table, string partition)
    {
        var rows = new List<string>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
            {
                rows.Add(string.Join("|", row.Keys
                    .Where(k => k is not "Timestamp" and not "odata.etag")
                    .Order(StringComparer.Ordinal)
                    .Select(k => k + "=" + Convert.ToString(row[k], CultureInfo.InvariantCulture))));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No table yet: no rows.
        }

        return rows;
    }
}
