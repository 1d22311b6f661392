namespace Ivr.Tests.Reliability;

/// <summary>
/// How big the reliability scenarios run. By default (CI) each takes seconds; with <c>IVR_RELIABILITY=full</c> they
/// run at the sizes of the reliability goals (e.g. storage down for 60 s in the middle of 200 calls/s). The assertions
/// are the same at both sizes.
/// </summary>
internal static class ReliabilityScale
{
    public static bool Full { get; } = string.Equals(Environment.GetEnvironmentVariable("IVR_RELIABILITY"), "full", StringComparison.OrdinalIgnoreCase);

    public static string Name => Full ? "full" : "ci";

    // Storage down in the middle of sustained load.
    public static int OutageCallsPerSecond => Full ? 200 : 40;

    public static TimeSpan OutageLoad => Full ? TimeSpan.FromSeconds(120) : TimeSpan.FromSeconds(10);

    public static TimeSpan OutageStartsAfter => Full ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(3);

    public static TimeSpan OutageLength => Full ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(4);

    // Storage slow.
    public static int SlowCallsPerSecond => Full ? 100 : 40;

    public static TimeSpan SlowBaseline => Full ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(3);

    public static TimeSpan SlowPhase => Full ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(5);

    public static TimeSpan SlowDelay => TimeSpan.FromMilliseconds(400);

    // Graceful stop and SIGKILL under load.
    public static int StopCallsPerSecond => Full ? 200 : 40;

    public static TimeSpan StopLoad => Full ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(5);

    public static TimeSpan StopAfter => Full ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(3);

    // Two instances writing the same calls.
    public static int SharedCallsPerSecond => Full ? 100 : 25;

    public static TimeSpan SharedLoad => Full ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(4);

    // Cold start without storage.
    public static int ColdStartCalls => Full ? 200 : 20;

    // A line's queue: three people, callers arriving at random moments.
    public static int QueueCallers => Full ? 20 : 8;

    public static TimeSpan QueueArrivals => Full ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(3);

    /// <summary>How long a person talks with a caller (uniformly in this range).</summary>
    public static (TimeSpan Min, TimeSpan Max) QueueTalk => Full ? (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)) : (TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3.5));

    /// <summary>How long a ringing phone takes to be picked up.</summary>
    public static (TimeSpan Min, TimeSpan Max) QueuePickUp => Full ? (TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)) : (TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.6));
}
