using Ivr.Analytics;

namespace Ivr.Tests.Unit;

/// <summary>
/// The histogram answers percentiles and "within N seconds" for rollups of any size. Every figure is checked against
/// an exact computation on the raw durations the test generated.
/// </summary>
public sealed class DurationHistogramTests
{
    private static readonly double[] Percents = [0, 1, 5, 7, 10, 14, 25, 28, 29, 33.3, 50, 57, 58, 66.7, 75, 90, 95, 99, 99.5, 99.9, 100];

    public static TheoryData<string, int, int> Samples()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var distribution in RawDurations.Distributions)
        {
            foreach (var (seed, count) in new[] { (1, 1), (2, 2), (3, 3), (4, 10), (5, 100), (6, 1_000), (7, 5_000), (8, 997), (9, 20_000) })
            {
                data.Add(distribution, seed, count);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void PercentilesAreTheExactNearestRankValueRoundedUpToItsBinAndNeverAboveTheMaximum(string distribution, int seed, int count)
    {
        var durations = RawDurations.Generate(distribution, seed, count);
        var histogram = Of(durations);
        var random = new Random(seed);
        var percents = Percents.Concat(Enumerable.Range(0, 20).Select(_ => Math.Round(random.NextDouble() * 100, 1)));

        foreach (var percent in percents)
        {
            ExactDurations.AssertPercentile(durations, percent, histogram.Percentile(percent));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void CountsWithinWholeSecondsAreExact(string distribution, int seed, int count)
    {
        var durations = RawDurations.Generate(distribution, seed, count);
        var histogram = Of(durations);

        for (var seconds = 0; seconds <= 600; seconds++)
        {
            Assert.Equal(ExactDurations.CountAtMost(durations, seconds * 1000L), histogram.CountAtMost(seconds * 1000L));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void CountSumMaximumAndMeanAreExact(string distribution, int seed, int count)
    {
        var durations = RawDurations.Generate(distribution, seed, count);
        var histogram = Of(durations);

        long sum = 0;
        long max = 0;
        foreach (var duration in durations)
        {
            sum += duration;
            max = duration > max ? duration : max;
        }

        Assert.Equal(count, histogram.Count);
        Assert.Equal(sum, histogram.SumMs);
        Assert.Equal(max, histogram.MaxMs);
        Assert.Equal(sum / count, histogram.MeanMs);
        Assert.False(histogram.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void RegroupedDisplayBucketsCountExactlyForWholeSecondEdges(string distribution, int seed, int count)
    {
        var durations = RawDurations.Generate(distribution, seed, count);
        long[] edges = [5_000, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 90_000, 120_000, 180_000, 300_000, 600_000];

        var buckets = Of(durations).Regroup(edges);

        var expected = new long[edges.Length + 1];
        foreach (var duration in durations)
        {
            var bucket = 0;
            while (bucket < edges.Length && duration > edges[bucket])
            {
                bucket++;
            }

            expected[bucket]++;
        }

        Assert.Equal(expected, buckets);
        Assert.Equal(count, buckets.Sum());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void SerializingAndParsingKeepsEveryFigure(string distribution, int seed, int count)
    {
        var durations = RawDurations.Generate(distribution, seed, count);
        var histogram = Of(durations);

        var parsed = DurationHistogram.Parse(histogram.Serialize());

        AssertSameFigures(histogram, parsed);
        Assert.Equal(count, parsed.Count);
        Assert.Equal(durations.Sum(), parsed.SumMs);
        Assert.Equal(durations.Max(), parsed.MaxMs);
        foreach (var percent in Percents)
        {
            ExactDurations.AssertPercentile(durations, percent, parsed.Percentile(percent));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void TheSumOfTwoHalvesIsTheHistogramOfTheWhole(string distribution, int seed, int count)
    {
        var durations = RawDurations.Generate(distribution, seed, count);
        var random = new Random(seed + 1_000);
        var split = random.Next(0, count + 1);
        var first = Of(durations.Take(split));
        var second = Of(durations.Skip(split));
        var secondBefore = second.Serialize();

        var sum = DurationHistogram.Parse(first.Serialize());
        sum.Add(second);
        var otherWay = DurationHistogram.Parse(second.Serialize());
        otherWay.Add(first);

        var whole = Of(durations);
        AssertSameFigures(whole, sum);
        AssertSameFigures(whole, otherWay);
        Assert.Equal(secondBefore, second.Serialize()); // adding reads the other histogram, never changes it
        foreach (var percent in Percents)
        {
            ExactDurations.AssertPercentile(durations, percent, sum.Percentile(percent));
        }

        for (var seconds = 0; seconds <= 600; seconds += 7)
        {
            Assert.Equal(ExactDurations.CountAtMost(durations, seconds * 1000L), sum.CountAtMost(seconds * 1000L));
        }
    }

    [Fact]
    public void ManySmallHistogramsAddUpToTheOneOfAllTheirDurations()
    {
        var durations = RawDurations.Generate("mixed", 42, 3_000);
        var random = new Random(42);
        var parts = Enumerable.Range(0, 24).Select(_ => new DurationHistogram()).ToArray();
        foreach (var duration in durations)
        {
            parts[random.Next(parts.Length)].Add(duration);
        }

        var total = new DurationHistogram();
        foreach (var part in parts)
        {
            total.Add(part);
        }

        AssertSameFigures(Of(durations), total);
    }

    [Theory]
    [InlineData(-5L, 0, 0L)]
    [InlineData(0L, 0, 0L)]
    [InlineData(1L, 1, 100L)]
    [InlineData(100L, 1, 100L)]
    [InlineData(101L, 2, 200L)]
    [InlineData(59_999L, 600, 60_000L)]
    [InlineData(60_000L, 600, 60_000L)]
    [InlineData(60_001L, 601, 61_000L)]
    [InlineData(61_000L, 601, 61_000L)]
    [InlineData(61_001L, 602, 62_000L)]
    [InlineData(599_999L, 1_140, 600_000L)]
    [InlineData(600_000L, 1_140, 600_000L)]
    [InlineData(600_001L, 1_141, long.MaxValue)]
    [InlineData(86_400_000L, 1_141, long.MaxValue)]
    public void BinsAreHundredMillisecondsToAMinuteThenSecondsToTenMinutesThenOneOpenBin(long durationMs, int bin, long upperEdgeMs)
    {
        // 600 bins of 100 ms cover (0, 60 s], 540 bins of 1 s cover (60 s, 600 s]; bin k holds (upper − width, upper].
        Assert.Equal(bin, DurationHistogram.BinOf(durationMs));
        Assert.Equal(upperEdgeMs, DurationHistogram.UpperEdgeMs(bin));
    }

    [Fact]
    public void EdgeDurationsLandInTheirOwnBins()
    {
        long[] edges = [0, 100, 101, 60_000, 60_001, 600_000, 600_001];

        Assert.Equal(edges.Length, edges.Select(DurationHistogram.BinOf).Distinct().Count());

        var histogram = Of(edges);
        Assert.Equal(1, histogram.CountAtMost(0));
        Assert.Equal(3, histogram.CountAtMost(1_000)); // 0, 100 and 101 ms
        Assert.Equal(4, histogram.CountAtMost(60_000)); // 60 000 is "within 60 s"
        Assert.Equal(4, histogram.CountAtMost(60_999)); // 60 001 is in (60 000, 61 000]: not within 60.999 s
        Assert.Equal(5, histogram.CountAtMost(61_000));
        Assert.Equal(6, histogram.CountAtMost(600_000));
        Assert.Equal(6, histogram.CountAtMost(601_000)); // past ten minutes only the open bin, which no limit reaches
        Assert.Equal(0, histogram.Percentile(0));
        Assert.Equal(100, histogram.Percentile(25)); // rank ⌈1.75⌉ = 2: 100 ms
        Assert.Equal(200, histogram.Percentile(40)); // rank ⌈2.8⌉ = 3: 101 ms, read as its bin's upper edge
        Assert.Equal(60_000, histogram.Percentile(50)); // rank ⌈3.5⌉ = 4: 60 000 ms
        Assert.Equal(61_000, histogram.Percentile(60)); // rank ⌈4.2⌉ = 5: 60 001 ms
        Assert.Equal(600_000, histogram.Percentile(80)); // rank ⌈5.6⌉ = 6: 600 000 ms
        Assert.Equal(600_001, histogram.Percentile(100)); // the open bin reads as the maximum
    }

    [Theory]
    [InlineData(100, 7.0, 7)]
    [InlineData(100, 14.0, 14)]
    [InlineData(100, 28.0, 28)]
    [InlineData(100, 57.0, 57)]
    [InlineData(1_000, 99.9, 999)]
    [InlineData(1_000, 96.2, 962)]
    [InlineData(1_000, 83.9, 839)]
    public void ThePercentileOfAWholeRankIsThatRankNotTheNext(int count, double percent, int rank)
    {
        // Each duration on its own bin's upper edge (100 ms steps to a minute, then 1 s steps), so the k-th smallest
        // reads back exactly. In double arithmetic 7 / 100.0 × 100 is 7.000000000000001, whose ceiling is 8.
        static long OnEdge(int k) => k <= 600 ? k * 100L : 60_000 + ((k - 600) * 1_000L);
        var histogram = Of(Enumerable.Range(1, count).Select(OnEdge));

        Assert.Equal(OnEdge(rank), histogram.Percentile(percent));
    }

    [Fact]
    public void ANegativeDurationCountsAsZero()
    {
        var histogram = new DurationHistogram();
        histogram.Add(-1_500);

        Assert.Equal(1, histogram.Count);
        Assert.Equal(0, histogram.SumMs);
        Assert.Equal(0, histogram.MaxMs);
        Assert.Equal(1, histogram.CountAtMost(0));
        Assert.Equal(0, histogram.Percentile(50));
    }

    [Fact]
    public void AnEmptyHistogramHasNoPercentileNoMeanAndCountsNothing()
    {
        var histogram = new DurationHistogram();

        Assert.True(histogram.IsEmpty);
        Assert.Null(histogram.Percentile(50));
        Assert.Null(histogram.MeanMs);
        Assert.Equal(0, histogram.CountAtMost(600_000));
        Assert.Equal(new long[] { 0, 0 }, histogram.Regroup([5_000]));

        var parsed = DurationHistogram.Parse(histogram.Serialize());
        Assert.True(parsed.IsEmpty);
        Assert.Equal(0, parsed.SumMs);
        Assert.Equal(0, parsed.MaxMs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("1;2")]
    public void TextThatIsNoHistogramParsesAsAnEmptyOne(string? text)
    {
        Assert.True(DurationHistogram.Parse(text).IsEmpty);
    }

    [Fact]
    public void ASingleDurationIsEveryPercentile()
    {
        foreach (var duration in new long[] { 0, 1, 99, 4_567, 60_000, 60_001, 599_999, 7_200_000 })
        {
            var histogram = Of([duration]);
            foreach (var percent in Percents)
            {
                // The bin's upper edge is capped at the maximum, which is the duration itself.
                Assert.Equal(duration, histogram.Percentile(percent));
            }
        }
    }

    private static DurationHistogram Of(IEnumerable<long> durations)
    {
        var histogram = new DurationHistogram();
        foreach (var duration in durations)
        {
            histogram.Add(duration);
        }

        return histogram;
    }

    private static void AssertSameFigures(DurationHistogram expected, DurationHistogram actual)
    {
        Assert.Equal(expected.Serialize(), actual.Serialize());
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.SumMs, actual.SumMs);
        Assert.Equal(expected.MaxMs, actual.MaxMs);
        Assert.Equal(expected.MeanMs, actual.MeanMs);
        foreach (var percent in Percents)
        {
            Assert.Equal(expected.Percentile(percent), actual.Percentile(percent));
        }

        for (var seconds = 0; seconds <= 600; seconds += 5)
        {
            Assert.Equal(expected.CountAtMost(seconds * 1000L), actual.CountAtMost(seconds * 1000L));
        }
    }
}

/// <summary>Seeded random durations in milliseconds, with the shapes call waits take.</summary>
internal static class RawDurations
{
    public static readonly string[] Distributions = ["uniform", "exponential", "heavy-tail", "duplicates", "mixed"];

    private static readonly long[] EdgeValues = [0, 0, 1, 100, 101, 999, 1_000, 5_000, 20_000, 59_999, 60_000, 60_001, 61_000, 599_999, 600_000, 600_001, 3_600_000];

    public static long[] Generate(string distribution, int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Next(distribution, random)).ToArray();
    }

    public static long Next(string distribution, Random random) => distribution switch
    {
        "uniform" => random.NextInt64(0, 30_001),
        "exponential" => Exponential(random, 15_000),
        // Pareto with α = 1.1: most answers in seconds, a good share past a minute, some past ten minutes.
        "heavy-tail" => HeavyTail(random),
        "duplicates" => EdgeValues[random.Next(EdgeValues.Length)],
        "mixed" => random.Next(10) switch
        {
            < 3 => 0,
            < 5 => EdgeValues[random.Next(EdgeValues.Length)],
            < 8 => Exponential(random, 8_000),
            _ => HeavyTail(random),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, null),
    };

    private static long Exponential(Random random, double meanMs) => (long)(-meanMs * Math.Log(1 - random.NextDouble()));

    private static long HeavyTail(Random random) => (long)Math.Min(2_000 / Math.Pow(1 - random.NextDouble(), 1 / 1.1), 4 * 3_600_000.0);
}

/// <summary>Exact figures of raw durations, computed without the histogram.</summary>
internal static class ExactDurations
{
    /// <summary>Nearest rank: the smallest value with at least <paramref name="percent"/> % of the values at or below it.</summary>
    public static long NearestRank(IReadOnlyCollection<long> durations, double percent)
    {
        var sorted = durations.Order().ToArray();
        var rank = (int)Math.Ceiling((decimal)percent * sorted.Length / 100m);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static long CountAtMost(IEnumerable<long> durations, long limitMs) => durations.LongCount(d => d <= limitMs);

    /// <summary>
    /// The histogram's percentile is the exact one moved up to the upper edge of its bin (100 ms up to a minute, 1 s up
    /// to ten minutes), capped at the maximum; past ten minutes it is the maximum.
    /// </summary>
    public static void AssertPercentile(IReadOnlyCollection<long> durations, double percent, long? actual)
    {
        if (durations.Count == 0)
        {
            Assert.Null(actual);
            return;
        }

        var exact = NearestRank(durations, percent);
        var max = durations.Max();
        Assert.NotNull(actual);
        var value = actual.Value;
        var context = $"p{percent} of {durations.Count}: exact {exact}, max {max}, histogram {value}";

        Assert.True(value >= exact, context);
        Assert.True(value <= max, context);
        if (exact <= 60_000)
        {
            Assert.True(value <= exact + 100, context);
            Assert.Equal(Math.Min(((exact + 99) / 100) * 100, max), value);
        }
        else if (exact <= 600_000)
        {
            Assert.True(value <= exact + 1_000, context);
            Assert.Equal(Math.Min(60_000 + (((exact - 60_000 + 999) / 1_000) * 1_000), max), value);
        }
        else
        {
            Assert.Equal(max, value);
        }
    }
}
