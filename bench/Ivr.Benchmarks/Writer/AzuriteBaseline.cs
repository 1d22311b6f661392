using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;

namespace Ivr.Benchmarks.Writer;

/// <summary>
/// What the storage endpoint itself sustains, with no Ivr code: rows shaped like hand-off records, grouped by line,
/// inserted as 100-row transactions with the SDK directly, a given number of transactions in flight.
/// </summary>
internal static class AzuriteBaseline
{
    /// <summary>The most operations one table transaction may hold.</summary>
    public const int TransactionSize = 100;

    public static async Task<(TimeSpan Elapsed, ProcessCost Cost)> RunAsync(TableServiceClient service, string tableName, int rows, int lines, int inFlight)
    {
        var table = service.GetTableClient(tableName);
        await table.CreateIfNotExistsAsync();
        var transactions = Transactions(rows, lines);

        var cost = ProcessCost.Start();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            transactions,
            new ParallelOptions { MaxDegreeOfParallelism = inFlight },
            async (actions, ct) => await table.SubmitTransactionAsync(actions, ct));
        var (elapsed, spent) = (clock.Elapsed, cost());

        var written = await TableRows.CountAsync(table);
        await table.DeleteAsync();
        return written == rows ? (elapsed, spent) : throw new InvalidOperationException($"Baseline table {tableName} holds {written} rows, expected {rows}.");
    }

    private static List<List<TableTransactionAction>> Transactions(int rows, int lines)
    {
        var arrivedAt = TimeProvider.System.GetUtcNow();
        return Enumerable.Range(0, rows)
            .GroupBy(call => call % lines)
            .SelectMany(line => line.Chunk(TransactionSize))
            .Select(chunk => chunk.Select(call => new TableTransactionAction(TableTransactionActionType.Add, Row(call, lines, arrivedAt))).ToList())
            .ToList();
    }

    /// <summary>The columns of a hand-off record just after the call arrived (the same names and values; unset columns are left out, as the app does).</summary>
    private static TableEntity Row(int call, int lines, DateTimeOffset arrivedAt)
    {
        var line = "+3120555" + (call % lines).ToString("D4", CultureInfo.InvariantCulture);
        var callSid = "CA" + call.ToString("x32", CultureInfo.InvariantCulture);
        var rowKey = arrivedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "_" + callSid;
        return new TableEntity(line, rowKey)
        {
            ["CallSid"] = callSid,
            ["Line"] = line,
            ["ArrivedAt"] = arrivedAt,
            ["CallerHash"] = call.ToString("x64", CultureInfo.InvariantCulture),
            ["Route"] = "open",
            ["Outcome"] = "in-progress",
        };
    }
}
