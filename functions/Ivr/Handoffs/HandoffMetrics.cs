using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ivr.Telemetry;

namespace Ivr.Handoffs;

/// <summary>
/// The write-behind buffer's signals: rows written and failed, how long a table transaction takes, updates dropped,
/// and (observed when exported) how many updates are queued and calls pending, the figures of <c>/api/health</c>.
/// </summary>
internal sealed class HandoffMetrics
{
    public const string WrittenName = "ivr.handoffs.written";
    public const string FailedName = "ivr.handoffs.failed";
    public const string WriteDurationName = "ivr.handoffs.write.duration";
    public const string DroppedName = "ivr.handoffs.dropped";
    public const string LateName = "ivr.handoffs.late";
    public const string QueuedName = "ivr.handoffs.queued";
    public const string PendingName = "ivr.handoffs.pending";
    public const string StorageReachableName = "ivr.handoffs.storage.reachable";

    /// <summary>Why updates were dropped: one of the <c>Drop…</c> values below.</summary>
    public const string DropReasonAttribute = "ivr.handoffs.drop.reason";

    /// <summary>The in-memory queue was full (storage unreachable for a long while).</summary>
    public const string DropQueueFull = "queue_full";

    /// <summary>Updates for a call whose record never appeared.</summary>
    public const string DropNeverRecorded = "never_recorded";

    /// <summary>Storage refused the row again and again, even without its free text: none of it was written.</summary>
    public const string DropRejected = "rejected";

    /// <summary>Storage refused the row again and again; it was written without the text callbacks reported.</summary>
    public const string DropFreeTextRejected = "free_text_rejected";

    /// <summary><c>error.type</c> of a transaction that met a changed or existing row (409/412): read again and retried.</summary>
    public const string ErrorConflict = "conflict";

    /// <summary><c>error.type</c> of a transaction storage refused for another reason.</summary>
    public const string ErrorRejected = "rejected";

    /// <summary><c>error.type</c> of a transaction that could not reach storage (network, 5xx, timeout, open circuit).</summary>
    public const string ErrorUnavailable = "unavailable";

    /// <summary><c>error.type</c> of a transaction cut short by the host stopping.</summary>
    public const string ErrorCanceled = "canceled";

    /// <summary>The same buckets as ASP.NET Core's request duration: a transaction takes milliseconds, or seconds when storage struggles.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Meter meter;
    private readonly Counter<long> written;
    private readonly Counter<long> failed;
    private readonly Counter<long> dropped;
    private readonly Counter<long> late;
    private readonly Histogram<double> writeDuration;

    public HandoffMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(IvrTelemetry.Name);
        written = meter.CreateCounter<long>(WrittenName, "{row}", "Hand-off rows written to Table Storage.");
        failed = meter.CreateCounter<long>(FailedName, "{row}", "Hand-off rows in table transactions that failed (they are tried again), by error.type.");
        late = meter.CreateCounter<long>(LateName, "{row}", "Hand-off rows written after their hour's figures were final (Analytics__SettleAfter after the hour): not in the rollups.");
        dropped = meter.CreateCounter<long>(DroppedName, "{update}", "Hand-off updates given up on, by reason: their facts (all of them, or their free text) never reach the record.");
        writeDuration = meter.CreateHistogram(
            WriteDurationName,
            "s",
            "Duration of one table transaction of hand-off rows (one line, up to 100 rows), including the write pipeline's retries.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Reports the buffer the health endpoint reports, read whenever metrics are collected.</summary>
    public void ObserveBuffer(HandoffQueue queue, HandoffWriter writer)
    {
        meter.CreateObservableGauge(QueuedName, () => queue.Depth, "{update}", "Hand-off updates queued in memory, waiting for the writer.");
        meter.CreateObservableGauge(PendingName, () => writer.PendingCalls, "{call}", "Calls whose hand-off updates wait to be written.");
        meter.CreateObservableGauge(StorageReachableName, () => writer.StorageReachable ? 1 : 0, "1", "1 while the last write attempt reached storage, else 0.");
    }

    /// <param name="rows">Rows in the transaction.</param>
    /// <param name="errorType">Null when written; else one of the <c>Error…</c> values.</param>
    /// <param name="duration">How long the transaction took.</param>
    public void Wrote(int rows, string? errorType, TimeSpan duration)
    {
        if (errorType is null)
        {
            written.Add(rows);
            writeDuration.Record(duration.TotalSeconds);
            return;
        }

        var tags = new TagList { { IvrTelemetry.ErrorTypeAttribute, errorType } };
        failed.Add(rows, tags);
        writeDuration.Record(duration.TotalSeconds, tags);
    }

    /// <param name="reason">One of the <c>Drop…</c> values.</param>
    /// <summary>A row written after its figures were final.</summary>
    public void Late() => late.Add(1);

    public void Dropped(string reason) => dropped.Add(1, new KeyValuePair<string, object?>(DropReasonAttribute, reason));
}
