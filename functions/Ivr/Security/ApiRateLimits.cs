using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ivr.Security;

/// <summary>Settings under <c>RateLimits</c>: requests per minute per key on the admin and analytics APIs.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary><c>RateLimits__AdminPerMinute</c>.</summary>
    public int AdminPerMinute { get; set; } = 120;

    /// <summary><c>RateLimits__AnalyticsPerMinute</c>, also for the dashboard.</summary>
    public int AnalyticsPerMinute { get; set; } = 120;
}

/// <summary>
/// Rate limits on the admin and analytics APIs (the voice webhooks are never limited: a caller must always get
/// through). Each presented credential has its own window, so requests with wrong or missing keys, which share one
/// window, cannot starve a real key. Behind the Functions host every request comes from loopback, so the client's
/// address would not tell callers apart.
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
            .Validate(o => o.AdminPerMinute is >= 1 and <= 100_000 && o.AnalyticsPerMinute is >= 1 and <= 100_000, "RateLimits__AdminPerMinute and RateLimits__AnalyticsPerMinute must be between 1 and 100000.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Admin, context => PerCredential(context, context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.AdminPerMinute));
            limiter.AddPolicy(Analytics, context => PerCredential(context, context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.AnalyticsPerMinute));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests.",
                    detail: $"Try again in {response.Headers.RetryAfter} s. Nothing was changed.").ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerCredential(HttpContext context, int perMinute)
    {
        // The credential's hash names the window; the key itself is never kept.
        string? credential = context.Request.Headers.Authorization;
        credential ??= context.Request.Cookies[Dashboard.DashboardSession.CookieName];
        var partition = string.IsNullOrEmpty(credential) ? "anonymous" : Convert.ToHexString(ApiKeySet.Hash(credential));
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = Window,
            QueueLimit = 0,
        });
    }
}
