using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Ivr.Telemetry;

/// <summary>Traces and metrics printed to the console, for local use. Logs are not repeated: the console logger prints them.</summary>
internal static class ConsoleExport
{
    public static IOpenTelemetryBuilder ExportToConsole(this IOpenTelemetryBuilder telemetry, TelemetryOptions settings) =>
        telemetry
            .WithTracing(tracing => tracing.AddConsoleExporter())
            .WithMetrics(metrics => metrics.AddConsoleExporter((_, reader) =>
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.MetricsIntervalMilliseconds));
}
