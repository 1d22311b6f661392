using System.Diagnostics;

namespace Ivr.Benchmarks.Writer;

/// <summary>
/// What this process spent over a stretch of time (writer, SDK, HTTP and GC together): the client's share of a
/// storage run, to set against the wall time. The rest of the wall time is the storage endpoint, or waiting.
/// </summary>
/// <param name="FullCollections">Gen 2 collections: large request buffers and a big live heap make them costly.</param>
internal sealed record ProcessCost(TimeSpan ProcessorTime, long Allocated, int FullCollections, TimeSpan GcPauses)
{
    public static Func<ProcessCost> Start()
    {
        var start = Now();
        return () =>
        {
            var end = Now();
            return new ProcessCost(end.ProcessorTime - start.ProcessorTime, end.Allocated - start.Allocated, end.FullCollections - start.FullCollections, end.GcPauses - start.GcPauses);
        };
    }

    public string Describe(int items, string item) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"client {ProcessorTime.TotalSeconds:F2} s CPU ({ProcessorTime.TotalMicroseconds / items:F0} us/{item}), {Allocated / 1024.0 / items:F1} KB allocated/{item}, {FullCollections} gen2 GCs, {GcPauses.TotalMilliseconds:F0} ms GC pauses");

    private static ProcessCost Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCost(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    }
}
