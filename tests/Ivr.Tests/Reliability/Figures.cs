using System.Text.Json;
using System.Text.Json.Serialization;
using Ivr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ivr.Tests.Reliability;

/// <summary>
/// The measured figures of one scenario run, written as one JSON line to <c>artifacts/reliability/&lt;scenario&gt;.json</c>
/// for <c>scripts/reliability.sh</c> to tabulate (and for docs/reliability.md).
/// </summary>
internal sealed record Figures
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Scenario { get; init; }

    public string Scale { get; init; } = ReliabilityScale.Name;

    public int Calls { get; init; }

    public double CallsPerSecond { get; init; }

    public long Requests { get; init; }

    public int IncomingSamples { get; init; }

    public double? IncomingP50Ms { get; init; }

    public double? IncomingP99Ms { get; init; }

    public double? IncomingMaxMs { get; init; }

    public double? ValidTwimlPercent { get; init; }

    public int? RecordsExpected { get; init; }

    public int? RecordsFound { get; init; }

    public int? Duplicates { get; init; }

    public int? LostUpdates { get; init; }

    public double? RecoverySeconds { get; init; }

    public double? DurationSeconds { get; init; }

    public string? Notes { get; init; }

    // A line's queue (QueueUnderLoadTests); absent for the other scenarios.
    public int? Queued { get; init; }

    public int? BridgedFromQueue { get; init; }

    public double? MaxQueueWaitMs { get; init; }

    /// <summary>Calls Ivr placed through the REST API to offer a waiting caller to a free person.</summary>
    public int? Offers { get; init; }

    /// <summary>From a waiting caller and a free person both being there to Ivr's request to call the person.</summary>
    public int? DispatchSamples { get; init; }

    public double? DispatchP50Ms { get; init; }

    public double? DispatchP99Ms { get; init; }

    /// <summary>The longest a caller waited (with no offer on its way) while a person was free.</summary>
    public double? LongestFreeWhileWaitingMs { get; init; }

    /// <summary>Latency figures of these incoming samples.</summary>
    public Figures WithIncoming(IReadOnlyCollection<IncomingSample> samples) => this with
    {
        IncomingSamples = samples.Count,
        IncomingP50Ms = Percentile(samples.Select(s => s.LatencyMs), 50),
        IncomingP99Ms = Percentile(samples.Select(s => s.LatencyMs), 99),
        IncomingMaxMs = samples.Count == 0 ? null : Math.Round(samples.Max(s => s.LatencyMs), 1),
        ValidTwimlPercent = samples.Count == 0 ? null : Math.Round(100.0 * samples.Count(s => s.DialsPerson) / samples.Count, 2),
    };

    /// <summary>Nearest rank: the smallest value at least <paramref name="p"/> % of the values do not exceed.</summary>
    public static double? Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)], 1);
    }

    /// <summary>Keeps a process's log next to the figures (<c>artifacts/reliability/&lt;scenario&gt;.&lt;name&gt;.log</c>).</summary>
    public void WriteLog(string name, string log)
    {
        var directory = Repo.PathOf("artifacts", "reliability");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{Scenario}.{name}.log"), log);
    }

    public void Write(ITestOutputHelper? output = null)
    {
        var line = JsonSerializer.Serialize(this, Json);
        var directory = Repo.PathOf("artifacts", "reliability");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, Scenario + ".json"), line + "\n");
        output?.WriteLine(line);
    }
}
