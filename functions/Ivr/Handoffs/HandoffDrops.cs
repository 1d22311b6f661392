using Ivr.Telemetry;

namespace Ivr.Handoffs;

/// <summary>
/// Every hand-off drop, whatever gave it up (the queue, the writer): one count that <c>/api/health</c> and the self-test
/// read, and that feeds <see cref="HandoffMetrics.DroppedName"/> with the reason, so the two never disagree.
/// </summary>
internal sealed class HandoffDrops(HandoffMetrics metrics)
{
    private long total;

    /// <summary>Drops since the process started, of every reason.</summary>
    public long Total => Interlocked.Read(ref total);

    /// <param name="reason">One of the <c>HandoffMetrics.Drop…</c> values.</param>
    public void Count(string reason)
    {
        Interlocked.Increment(ref total);
        metrics.Dropped(reason);
    }
}
