namespace Ivr.Benchmarks.Samples;

/// <summary>A clock stopped at one instant, so every iteration routes the same way whenever the benchmark runs.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
