namespace Ivr.Telemetry;

/// <summary>Settings under <c>Telemetry</c>, plus Application Insights' own standard setting.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Set by Azure (infra/main.bicep) when the app has Application Insights: traces, metrics and logs go there.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static readonly TimeSpan MinMetricsInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxMetricsInterval = TimeSpan.FromHours(1);

    /// <summary><c>Telemetry__Console</c>: print traces and metrics to the console (local use; logs go there anyway).</summary>
    public bool Console { get; set; }

    /// <summary><c>Telemetry__MetricsInterval</c>: how often metrics are collected and exported.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromMinutes(1);

    public int MetricsIntervalMilliseconds => (int)MetricsInterval.TotalMilliseconds;
}
