using System.Globalization;
using System.Text;

namespace Ivr.Analytics;

/// <summary>
/// Counts of durations in fixed bins: 100 ms wide up to 60 s, 1 s wide up to 10 min, then one open bin. Bin k holds
/// durations in (lower, upper], so "within N seconds" is exact for whole seconds, and a percentile read from a bin
/// is at most one bin width above the true value (it is capped at the exact maximum). Histograms add up, which is
/// what lets hourly rollups answer for any period.
/// </summary>
internal sealed class DurationHistogram
{
    public const int FineWidthMs = 100;
    public const int FineLimitMs = 60_000;
    public const int CoarseWidthMs = 1_000;
    public const int CoarseLimitMs = 600_000;

    private const int FineBins = FineLimitMs / FineWidthMs;
    private const int OpenBin = FineBins + ((CoarseLimitMs - FineLimitMs) / CoarseWidthMs) + 1;

    private readonly SortedDictionary<int, long> bins = [];

    public long Count { get; private set; }

    public long SumMs { get; private set; }

    public long MaxMs { get; private set; }

    public bool IsEmpty => Count == 0;

    public void Add(long durationMs)
    {
        durationMs = Math.Max(0, durationMs);
        Add(BinOf(durationMs), 1);
        SumMs += durationMs;
        MaxMs = Math.Max(MaxMs, durationMs);
    }

    public void Add(DurationHistogram other)
    {
        foreach (var (bin, count) in other.bins)
        {
            Add(bin, count);
        }

        SumMs += other.SumMs;
        MaxMs = Math.Max(MaxMs, other.MaxMs);
    }

    /// <summary>How many durations were at most <paramref name="limitMs"/>; exact when the limit is a whole second up to 10 min.</summary>
    public long CountAtMost(long limitMs) => bins.Where(b => UpperEdgeMs(b.Key) <= limitMs).Sum(b => b.Value);

    /// <summary>
    /// The nearest-rank percentile (<paramref name="percent"/> of the durations are at most this), read as the upper
    /// edge of its bin and never above the maximum. Null when empty.
    /// </summary>
    public long? Percentile(double percent)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling((decimal)percent * Count / 100)); // decimal: 7 / 100.0 * 100 is 7.000000000000001 in double
        long seen = 0;
        foreach (var (bin, count) in bins)
        {
            seen += count;
            if (seen >= rank)
            {
                return Math.Min(UpperEdgeMs(bin), MaxMs);
            }
        }

        return MaxMs;
    }

    public long? MeanMs => Count == 0 ? null : SumMs / Count;

    /// <summary>Counts regrouped into wider display buckets with the given upper edges (ms); the last bucket is open.</summary>
    public IReadOnlyList<long> Regroup(IReadOnlyList<long> upperEdgesMs)
    {
        var counts = new long[upperEdgesMs.Count + 1];
        foreach (var (bin, count) in bins)
        {
            var upper = UpperEdgeMs(bin);
            var bucket = 0;
            while (bucket < upperEdgesMs.Count && upper > upperEdgesMs[bucket])
            {
                bucket++;
            }

            counts[bucket] += count;
        }

        return counts;
    }

    /// <summary>Compact text for a table column: <c>count;sum;max;bin:count,bin:count…</c>.</summary>
    public string Serialize()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Count};{SumMs};{MaxMs};");
        text.AppendJoin(',', bins.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Key}:{b.Value}")));
        return text.ToString();
    }

    public static DurationHistogram Parse(string? text)
    {
        var histogram = new DurationHistogram();
        var parts = (text ?? string.Empty).Split(';');
        if (parts.Length != 4)
        {
            return histogram;
        }

        foreach (var pair in parts[3].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            histogram.Add(int.Parse(pair.AsSpan(0, colon), CultureInfo.InvariantCulture), long.Parse(pair.AsSpan(colon + 1), CultureInfo.InvariantCulture));
        }

        histogram.SumMs = long.Parse(parts[1], CultureInfo.InvariantCulture);
        histogram.MaxMs = long.Parse(parts[2], CultureInfo.InvariantCulture);
        return histogram;
    }

    /// <summary>The bin holding a duration: (upper − width, upper].</summary>
    public static int BinOf(long durationMs) => durationMs switch
    {
        <= 0 => 0,
        <= FineLimitMs => (int)((durationMs + FineWidthMs - 1) / FineWidthMs),
        <= CoarseLimitMs => FineBins + (int)((durationMs - FineLimitMs + CoarseWidthMs - 1) / CoarseWidthMs),
        _ => OpenBin,
    };

    public static long UpperEdgeMs(int bin) => bin switch
    {
        <= FineBins => (long)bin * FineWidthMs,
        < OpenBin => FineLimitMs + ((long)(bin - FineBins) * CoarseWidthMs),
        _ => long.MaxValue,
    };

    private void Add(int bin, long count)
    {
        bins[bin] = bins.GetValueOrDefault(bin) + count;
        Count += count;
    }
}
