using System.Diagnostics;
using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Reliability;

/// <summary>
/// The hand-off table against what Ivr acknowledged: every call whose incoming webhook was acknowledged has exactly
/// one record, and every acknowledged callback's fact is in it.
/// </summary>
internal sealed record RecordCheck(
    int Calls,
    int Rows,
    int Found,
    int Duplicates,
    int MissingRecords,
    int LostIncoming,
    int LostAnswered,
    int LostDialEnded,
    int LostEnded,
    int Complete,
    IReadOnlyList<string> Examples)
{
    /// <summary>Acknowledged updates whose facts are not in the table.</summary>
    public int LostUpdates => LostIncoming + LostAnswered + LostDialEnded + LostEnded;

    /// <summary>Every acknowledged fact is recorded, once per call.</summary>
    public bool Holds => Duplicates == 0 && LostUpdates == 0 && MissingRecords == 0;

    public override string ToString() =>
        $"{Calls} calls, {Rows} rows, {Found} found, {Complete} complete, {Duplicates} duplicated, {MissingRecords} missing; lost updates: " +
        $"incoming {LostIncoming}, answered {LostAnswered}, dial-ended {LostDialEnded}, call-status {LostEnded}. e.g. {string.Join(" | ", Examples)}";

    public static async Task<RecordCheck> NowAsync(HandoffRecords records, IReadOnlyCollection<LoadCall> calls) =>
        Of(await records.AllAsync(), calls);

    /// <summary>Polls the table until every acknowledged fact is there (or the deadline passes); returns the last check and how long it took.</summary>
    public static async Task<(RecordCheck Check, TimeSpan Took)> WaitAsync(HandoffRecords records, IReadOnlyCollection<LoadCall> calls, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var check = await NowAsync(records, calls);
            if (check.Holds || clock.Elapsed > deadline)
            {
                return (check, clock.Elapsed);
            }

            await Task.Delay(calls.Count > 5000 ? 1000 : 250);
        }
    }

    public static RecordCheck Of(IReadOnlyList<TableEntity> rows, IReadOnlyCollection<LoadCall> calls)
    {
        var bySid = rows.GroupBy(r => r.GetString("CallSid") ?? string.Empty, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        int found = 0, duplicates = 0, missing = 0, lostIncoming = 0, lostAnswered = 0, lostDialEnded = 0, lostEnded = 0, complete = 0;
        var examples = new List<string>();
        void Example(string text)
        {
            if (examples.Count < 3)
            {
                examples.Add(text);
            }
        }

        foreach (var call in calls)
        {
            if (!bySid.TryGetValue(call.CallSid, out var mine))
            {
                if (call.ArrivedAck is not null || call.DialEndedAck is not null || call.EndedAck is not null)
                {
                    missing++;
                    Example($"{call.CallSid}: no record");
                }

                continue;
            }

            found++;
            if (mine.Count > 1)
            {
                duplicates++;
                Example($"{call.CallSid}: {mine.Count} rows");
            }

            var row = mine[0];
            var lost = 0;
            if (call.ArrivedAck is not null && row.GetString("Route") is null)
            {
                lostIncoming++;
                lost++;
            }

            if (call.AnsweredAck is not null && row.GetDateTimeOffset("AnsweredAt") is null)
            {
                lostAnswered++;
                lost++;
            }

            if (call.DialEndedAck is not null && row.GetString("DialStatus") is null)
            {
                lostDialEnded++;
                lost++;
            }

            if (call.EndedAck is not null && row.GetString("EndStatus") is null)
            {
                lostEnded++;
                lost++;
            }

            if (lost > 0)
            {
                Example($"{call.CallSid}: {HandoffRecords.Describe(row)}");
            }

            var expectedOutcome = call.Kind == CallKind.Answered ? "answered" : "abandoned";
            if (call.Complete && lost == 0 && mine.Count == 1 && row.GetString("Outcome") == expectedOutcome)
            {
                complete++;
            }
        }

        return new RecordCheck(calls.Count, rows.Count, found, duplicates, missing, lostIncoming, lostAnswered, lostDialEnded, lostEnded, complete, examples);
    }
}
