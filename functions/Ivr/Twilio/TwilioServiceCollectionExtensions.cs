using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Ivr.Twilio;

internal static class TwilioServiceCollectionExtensions
{
    /// <summary>How long placing one call may take, every attempt included.</summary>
    public static readonly TimeSpan PlaceCallTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddTwilioWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        services.AddHttpClient<TwilioCalls>()
            // Held by a long-lived dispatcher: connections are renewed by the handler instead of by rotating handlers.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("twilio-calls", pipeline => pipeline
                .AddTimeout(PlaceCallTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    // A second attempt of a request Twilio may have acted on would ring a person twice: only Twilio's
                    // "too many requests" (its Retry-After honoured) and a connection never made are tried again.
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromSeconds(1),
                    BackoffType = DelayBackoffType.Exponential,
                    ShouldHandle = static args => ValueTask.FromResult(
                        args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
                        || args.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }),
                }));
        return services;
    }
}
