using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Ivr.Storage;

namespace Ivr.Handoffs;

/// <summary>
/// The resilience pipeline for hand-off writes, which run in the background: a short per-attempt timeout, two
/// jittered retries, and a circuit breaker so an outage costs one probe every few seconds rather than a pile-up.
/// The writer itself keeps failed updates and tries again, so nothing here needs to retry for long.
/// </summary>
internal static class HandoffWritePipeline
{
    public const string Key = "handoff-writes";

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddHandoffWritePipeline(this IServiceCollection services) =>
        services.AddResiliencePipeline(Key, builder => builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = StorageFailures.TransientPredicate(),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = StorageFailures.TransientPredicate(),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(5),
            })
            .AddTimeout(AttemptTimeout));
}
