using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Ivr.Telemetry;

/// <summary>
/// Traces, metrics and logs to Application Insights: requests and spans land in <c>requests</c>/<c>dependencies</c>,
/// metrics in <c>customMetrics</c>, logs in <c>traces</c> (with the request's operation id, so they correlate).
/// </summary>
internal static class AzureMonitorExport
{
    public static IOpenTelemetryBuilder ExportToAzureMonitor(this IOpenTelemetryBuilder telemetry, string connectionString, TelemetryOptions settings)
    {
        // Live Metrics would keep a channel open to Azure; the per-signal exporters do not offer it anyway.
        void Configure(AzureMonitorExporterOptions options)
        {
            options.ConnectionString = connectionString;
            options.EnableLiveMetrics = false;
        }

        // Traces are sampled as the exporter does by default (at most 5 per second; OTEL_TRACES_SAMPLER changes it).
        telemetry.WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(Configure));

        // Built by hand rather than with AddAzureMonitorMetricExporter, whose reader exports every 60 s, fixed.
        telemetry.WithMetrics(metrics => metrics.AddReader(_ =>
        {
            var options = new AzureMonitorExporterOptions();
            Configure(options);
            return new PeriodicExportingMetricReader(new AzureMonitorMetricExporter(options), settings.MetricsIntervalMilliseconds)
            {
                TemporalityPreference = MetricReaderTemporalityPreference.Delta,
            };
        }));

        // The console logger stays; this adds the OpenTelemetry one. The message as written, and the request's
        // scopes (RequestPath, RequestId) as properties; the trace and span ids come from the current activity.
        // Every log is sent, not only those of sampled traces: a warning must not depend on the trace sampler.
        telemetry.WithLogging(
            logging => logging.AddAzureMonitorLogExporter(options =>
            {
                Configure(options);
                options.EnableTraceBasedLogsSampler = false;
            }),
            options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });
        return telemetry;
    }
}
