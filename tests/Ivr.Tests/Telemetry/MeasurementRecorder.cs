using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ivr.Telemetry;

namespace Ivr.Tests.Telemetry;

/// <summary>One measurement of an <c>Ivr</c> instrument, with its attributes.</summary>
internal sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value?.ToString() : null;
}

/// <summary>
/// Listens, in process, to the <c>Ivr</c> meter of one app (its <see cref="IMeterFactory"/>, so apps running side by
/// side do not mix) and to the <c>Ivr</c> activity source.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener meters = new();
    private readonly ActivityListener activities;
    private readonly ConcurrentQueue<Measured> measured = new();
    private readonly ConcurrentQueue<Activity> stopped = new();

    public MeasurementRecorder(IMeterFactory app)
    {
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == app && instrument.Meter.Name == IvrTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.Start();

        activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IvrTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
    }

    public IReadOnlyList<Measured> Measurements => [.. measured];

    /// <summary>Activities of the <c>Ivr</c> source that ended (from any app in this process: filter them).</summary>
    public IReadOnlyList<Activity> Activities => [.. stopped];

    public IEnumerable<Measured> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    /// <summary>Reads the observable gauges now, as an exporter would on its interval.</summary>
    public void Observe() => meters.RecordObservableInstruments();

    public void Dispose()
    {
        meters.Dispose();
        activities.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, tagValue) in tags)
        {
            copy[name] = tagValue;
        }

        measured.Enqueue(new Measured(instrument.Name, value, copy));
    }
}
