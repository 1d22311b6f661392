using System.Globalization;
using Azure.Data.Tables;
using Ivr.Voice;

namespace Ivr.Benchmarks.Writer;

/// <summary>
/// The <c>writer</c> verb: hand-off events per second through the real writer into real Table Storage (Azurite),
/// next to what the endpoint sustains with raw 100-row transactions. Detail lines first; the last line is the summary
/// <c>writer: N events in X.XX s = Y events/s</c> for the arrivals burst.
/// </summary>
internal static class WriterThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = WriterArguments.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error + "\n" + WriterArguments.Usage);
            return 2;
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        var service = new TableServiceClient(options.ConnectionString);
        var events = options.Events;

        if (options.Warmup > 0)
        {
            // A writer of its own, thrown away: the code is jitted and the connections are open, and the timed writer
            // starts with an empty cache of known rows, as after a deployment.
            var warmup = service.GetTableClient("BenchWarmup" + run);
            var warmupCalls = new SyntheticCalls(options.Lines, Now());
            await using (var writer = await RunningWriter.StartAsync(options.ConnectionString, warmup.Name))
            {
                await writer.RunAsync(warmupCalls.Keyless(options.Warmup - 1, Now()), [.. Enumerable.Range(0, options.Warmup).Select(warmupCalls.Arrival)]);
            }

            await warmup.DeleteAsync();
        }

        var handoffs = service.GetTableClient("BenchHandoffs" + run);
        var calls = new SyntheticCalls(options.Lines, Now());
        PhaseResult arrivals;
        PhaseResult? answers = null;
        await using (var writer = await RunningWriter.StartAsync(options.ConnectionString, handoffs.Name))
        {
            // Each call arrives once; the last call is the marker (see WriterPhase).
            arrivals = await writer.RunAsync(calls.Keyless(events - 1, Now()), [.. Enumerable.Range(0, events).Select(calls.Arrival)]);
            await ExpectRowsAsync(handoffs, null, events);

            if (options.Answers)
            {
                // Every call answered: a replace of a row the writer knows (its ETag cached, up to the writer's limit).
                // One more call is the marker.
                var answeredAt = Now();
                answers = await writer.RunAsync(calls.Keyless(events, answeredAt), [.. Enumerable.Range(0, events).Select(i => calls.Answered(i, answeredAt)), calls.Arrival(events)]);
                await ExpectRowsAsync(handoffs, "AnsweredBy", events);
            }
        }

        await handoffs.DeleteAsync();

        Print($"writer-detail: {options.Lines} lines, {options.Warmup} warm-up arrivals first; enqueueing {events} arrivals took {arrivals.Enqueueing.TotalMilliseconds:F0} ms, then the writer waits its batch window (250 ms by default); {events} rows verified");
        Print($"writer-detail: arrivals: {arrivals.Transactions?.Describe(arrivals.Elapsed)}");
        Print($"writer-detail: arrivals: {arrivals.Cost.Describe(events, "event")}");
        if (answers is not null)
        {
            Print($"writer-answers: {answers.Updates} updates in {answers.Elapsed.TotalSeconds:F2} s = {answers.PerSecond:F0} updates/s (answered callbacks: ETag-guarded replaces, plus the marker call's arrival); {answers.Transactions?.Describe(answers.Elapsed)}; {answers.Cost.Describe(answers.Updates, "update")}");
        }

        foreach (var inFlight in new[] { 1, options.BaselineParallelism }.Distinct())
        {
            var (elapsed, cost) = await AzuriteBaseline.RunAsync(service, $"BenchBaseline{inFlight}x{run}", events, options.Lines, inFlight);
            Print($"azurite-baseline: {events} entities in {elapsed.TotalSeconds:F2} s = {events / elapsed.TotalSeconds:F0} entities/s ({AzuriteBaseline.TransactionSize}-row transactions, {inFlight} in flight, no Ivr code); {cost.Describe(events, "entity")}");
        }

        Print($"writer: {events} events in {arrivals.Elapsed.TotalSeconds:F2} s = {arrivals.PerSecond:F0} events/s");
        return 0;
    }

    private static DateTimeOffset Now() => Moments.Now(TimeProvider.System);

    private static async Task ExpectRowsAsync(TableClient table, string? column, int expected)
    {
        var rows = await TableRows.CountAsync(table, column);
        if (rows != expected)
        {
            throw new InvalidOperationException($"Table {table.Name} holds {rows} rows{(column is null ? string.Empty : " with " + column)}, expected {expected}.");
        }
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
