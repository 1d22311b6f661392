using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>Settings under <c>Analytics</c>.</summary>
internal sealed class AnalyticsOptions : Security.IApiKeyOptions
{
    public const string Section = "Analytics";

    /// <summary>Keys that read analytics and the dashboard (<c>Analytics__ApiKeys__0</c>, …); they cannot change rules.</summary>
    public List<string> ApiKeys { get; } = [];

    /// <summary>Analyst keys given as their SHA-256 in hex (<c>Analytics__ApiKeyHashes__0</c>, …).</summary>
    public List<string> ApiKeyHashes { get; } = [];

    /// <summary>The default N of "answered by a person within N seconds" (<c>Analytics__ServiceLevelSeconds</c>).</summary>
    public int ServiceLevelSeconds { get; set; } = 20;

    /// <summary>Callers who hang up within this many seconds are short abandons, left out of the service level (<c>Analytics__ShortAbandonSeconds</c>).</summary>
    public int ShortAbandonSeconds { get; set; } = 5;

    /// <summary>Hand-off records older than this many days are deleted; rollups stay (<c>Analytics__RetentionDays</c>).</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// How long after an hour ends its calls may still change (late callbacks, storage outages). Until then its rollup
    /// is recomputed on every run; after it, the rollup is final (<c>Analytics__SettleAfter</c>).
    /// </summary>
    public TimeSpan SettleAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Run the rollup and retention timers inside the process, for running locally without the Functions host
    /// (<c>Analytics__RunTimersInProcess</c>). Leave off in Azure: the host's timer triggers run them.
    /// </summary>
    public bool RunTimersInProcess { get; set; }
}

internal sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
    {
        var errors = Security.ApiKeySet.ConfigurationErrors(AnalyticsOptions.Section, options.ApiKeys, options.ApiKeyHashes).ToList();
        if (options.ServiceLevelSeconds is < 1 or > AnalyticsLimits.MaxThresholdSeconds)
        {
            errors.Add($"Analytics__ServiceLevelSeconds must be between 1 and {AnalyticsLimits.MaxThresholdSeconds} (got {options.ServiceLevelSeconds}).");
        }

        if (options.ShortAbandonSeconds is < 0 or > AnalyticsLimits.MaxShortAbandonSeconds)
        {
            errors.Add($"Analytics__ShortAbandonSeconds must be between 0 and {AnalyticsLimits.MaxShortAbandonSeconds} (got {options.ShortAbandonSeconds}).");
        }

        if (options.RetentionDays is < 1 or > 3660)
        {
            errors.Add($"Analytics__RetentionDays must be between 1 and 3660 (got {options.RetentionDays}).");
        }

        if (options.SettleAfter < TimeSpan.Zero || options.SettleAfter > TimeSpan.FromDays(2))
        {
            errors.Add($"Analytics__SettleAfter must be between 00:00:00 and 2.00:00:00 (got {options.SettleAfter}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Bounds on analytics queries.</summary>
internal static class AnalyticsLimits
{
    /// <summary>Thresholds are exact to the second up to the histogram's coarse limit (10 minutes).</summary>
    public const int MaxThresholdSeconds = 600;

    public const int MaxShortAbandonSeconds = 60;

    /// <summary>The longest period one query covers.</summary>
    public const int MaxPeriodDays = 400;

    /// <summary>The period when none is given: the last 7 local days, today included.</summary>
    public const int DefaultPeriodDays = 7;
}
