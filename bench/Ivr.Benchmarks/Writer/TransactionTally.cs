using System.Diagnostics.Metrics;
using Ivr.Handoffs;
using Ivr.Telemetry;

namespace Ivr.Benchmarks.Writer;

/// <summary>
/// The table transactions a writer made: how many, how full, how long each took, and how many were in flight on
/// average over the wall time (their summed durations divided by it).
/// </summary>
internal sealed record Transactions(long Count, long Rows, TimeSpan Waiting)
{
    public string Describe(TimeSpan wall) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Count} transactions of {(Count == 0 ? 0 : (double)Rows / Count):F1} rows on average, {(Count == 0 ? 0 : Waiting.TotalMilliseconds / Count):F1} ms each; {Waiting / wall:F2} in flight on average over the {wall.TotalSeconds:F2} s");
}

/// <summary>
/// Listens to the writer's own metrics (rows written, duration of each transaction) from one app's meter factory, so
/// a run shows its batch sizes and how much of the wall time went to waiting on storage.
/// </summary>
internal sealed class TransactionTally : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Lock gate = new();
    private long count;
    private long rows;
    private double seconds;

    public TransactionTally(IMeterFactory meters)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == IvrTelemetry.Name
                && instrument.Name is HandoffMetrics.WrittenName or HandoffMetrics.WriteDurationName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref rows, value));
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (gate)
            {
                count++;
                seconds += value;
            }
        });
        listener.Start();
    }

    /// <summary>What was tallied since the last call.</summary>
    public Transactions Take()
    {
        lock (gate)
        {
            var taken = new Transactions(count, Interlocked.Exchange(ref rows, 0), TimeSpan.FromSeconds(seconds));
            (count, seconds) = (0, 0);
            return taken;
        }
    }

    public void Dispose() => listener.Dispose();
}
