using System.Globalization;
using System.Threading.RateLimiting;
using Ivr.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ivr.Security;

/// <summary>Settings under <c>RateLimits</c>: requests per minute on the admin and analytics APIs.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary><c>RateLimits__AdminPerMinute</c>: per admin key, and per client address for requests without one.</summary>
    public int AdminPerMinute { get; set; } = 120;

    /// <summary><c>RateLimits__AnalyticsPerMinute</c>, also for the dashboard.</summary>
    public int AnalyticsPerMinute { get; set; } = 120;

    /// <summary>
    /// <c>RateLimits__FailedAuthenticationsPerMinute</c>: wrong keys or session cookies one client address may present
    /// before its credentials are refused unchecked for the rest of the minute.
    /// </summary>
    public int FailedAuthenticationsPerMinute { get; set; } = 10;
}

/// <summary>
/// Rate limits on the admin and analytics APIs (the voice webhooks are never limited: a caller must always get
/// through). A signed-in key or dashboard session has its own window, so nobody else can use it up; requests without
/// a valid credential count per client address (<see cref="ClientAddress"/>), so one client flooding them locks out
/// only itself. The limiter runs after authorization, which has already told the two apart and refused wrong
/// credentials (<see cref="ClientWindows"/> limits those).
/// </summary>
internal static class ApiRateLimits
{
    public const string Admin = "admin";
    public const string Analytics = "analytics";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(
                o => o.AdminPerMinute is >= 1 and <= 100_000 && o.AnalyticsPerMinute is >= 1 and <= 100_000 && o.FailedAuthenticationsPerMinute is >= 1 and <= 100_000,
                "RateLimits__AdminPerMinute, RateLimits__AnalyticsPerMinute and RateLimits__FailedAuthenticationsPerMinute must be between 1 and 100000.")
            .ValidateOnStart();
        services.AddSingleton<ClientWindows>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Admin, context => Partition(context, static o => o.AdminPerMinute));
            limiter.AddPolicy(Analytics, context => Partition(context, static o => o.AnalyticsPerMinute));
            limiter.OnRejected = (rejected, _) => new ValueTask(TooManyRequestsAsync(
                rejected.HttpContext,
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window));
        });
        return services;
    }

    /// <summary>429 with <c>Retry-After</c>, as problem+json.</summary>
    public static Task TooManyRequestsAsync(HttpContext context, TimeSpan retryAfter)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = RetryAfterHeader.Set(response, retryAfter);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            detail: $"Try again in {seconds} s. Nothing was changed.").ExecuteAsync(context);
    }

    private static RateLimitPartition<string> Partition(HttpContext context, Func<RateLimitOptions, int> perMinute)
    {
        var services = context.RequestServices;
        // A principal is named by its key's fingerprint, never the key: a partition per configured key at most.
        var partition = context.User.Identity?.IsAuthenticated == true
            ? "principal " + ApiRoles.ActorOf(context.User)
            : "address " + services.GetRequiredService<ClientWindows>().PartitionOf(ClientAddress.Of(context));
        var limit = perMinute(services.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = Window,
            QueueLimit = 0,
        });
    }
}
