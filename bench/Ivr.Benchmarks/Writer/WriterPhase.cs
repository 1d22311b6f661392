using System.Diagnostics;
using Ivr.Handoffs;

namespace Ivr.Benchmarks.Writer;

/// <summary>How long one burst of updates took, from the first enqueue until the writer had written them all.</summary>
internal sealed record PhaseResult(int Updates, TimeSpan Elapsed, TimeSpan Enqueueing, ProcessCost Cost)
{
    /// <summary>Filled in by whoever listens to the writer's metrics (the phase itself cannot tell).</summary>
    public Transactions? Transactions { get; init; }

    public double PerSecond => Updates / Elapsed.TotalSeconds;
}

/// <summary>
/// Times a burst through the running writer without scanning the table meanwhile. The writer publishes
/// <see cref="HandoffWriter.PendingCalls"/> only after each flush, so "queue empty and nothing pending" can be stale
/// while a flush is still writing. A marker closes that gap: a keyless update parked first stays pending (its record
/// does not exist), and the burst's last update is that call's arrival. Only the flush that drained the last update
/// can publish zero pending, and only once it has written everything.
/// </summary>
internal static class WriterPhase
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);

    public static async Task<PhaseResult> RunAsync(HandoffQueue queue, HandoffWriter writer, HandoffUpdate marker, IReadOnlyList<HandoffUpdate> burst)
    {
        if (burst[^1].CallSid != marker.CallSid || burst[^1].Key is null)
        {
            throw new ArgumentException("The burst must end with the marker call's keyed update.", nameof(burst));
        }

        queue.Enqueue(marker);
        await WaitUntilAsync(() => queue.Depth == 0 && writer.PendingCalls == 1, "the marker to be held pending", queue, writer);

        var cost = ProcessCost.Start();
        var clock = Stopwatch.StartNew();
        foreach (var update in burst)
        {
            while (queue.Depth >= HandoffQueue.Capacity)
            {
                await Task.Delay(1); // The queue drops when full; a burst larger than it waits for room instead.
            }

            queue.Enqueue(update);
        }

        var enqueueing = clock.Elapsed;
        await WaitUntilAsync(() => queue.Depth == 0 && writer.PendingCalls == 0, "the burst to be written", queue, writer);
        return new PhaseResult(burst.Count, clock.Elapsed, enqueueing, cost());
    }

    private static async Task WaitUntilAsync(Func<bool> done, string what, HandoffQueue queue, HandoffWriter writer)
    {
        var waited = Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > GiveUpAfter)
            {
                throw new TimeoutException($"Gave up waiting for {what}: {queue.Depth} queued, {writer.PendingCalls} calls pending, storage reachable: {writer.StorageReachable}.");
            }

            await Task.Delay(Poll);
        }
    }
}
