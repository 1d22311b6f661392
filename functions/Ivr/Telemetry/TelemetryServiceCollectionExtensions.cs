using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ivr.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Ivr's instruments always; the OpenTelemetry SDK only when something exports: Application Insights when its
    /// connection string is set, the console when <c>Telemetry__Console</c> is. Neither: nothing listens, and each
    /// instrument costs a flag check. Nothing here touches the network at startup.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        services.AddMetrics();
        services.AddOptions<TelemetryOptions>()
            .Bind(section)
            .Validate(
                o => o.MetricsInterval >= TelemetryOptions.MinMetricsInterval && o.MetricsInterval <= TelemetryOptions.MaxMetricsInterval,
                "Telemetry__MetricsInterval must be between 00:00:00.1 and 01:00:00.")
            .ValidateOnStart();

        var settings = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var connectionString = builder.Configuration[TelemetryOptions.ConnectionStringSetting];
        var toAzureMonitor = !string.IsNullOrWhiteSpace(connectionString);
        if (!toAzureMonitor && !settings.Console)
        {
            QuietRequestDiagnostics(builder);
            return builder;
        }

        // Request spans come from the ASP.NET Core instrumentation: in .NET 10 the framework's own span has no
        // http.route or status code yet. Request durations are the framework's own http.server.request.duration;
        // its in-flight count is left out (a webhook lasts milliseconds: the figure is nearly always 0).
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(IvrTelemetry.Name, serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing => tracing.AddSource(IvrTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(IvrTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Polly")
                .AddView("http.server.active_requests", MetricStreamConfiguration.Drop));
        if (toAzureMonitor)
        {
            telemetry.ExportToAzureMonitor(connectionString!, settings);
        }

        if (settings.Console)
        {
            telemetry.ExportToConsole(settings);
        }

        return builder;
    }

    /// <summary>
    /// ASP.NET Core starts an activity and a log scope for every request whenever its hosting category logs at any
    /// level: a few percent of a webhook's CPU. With no exporter nothing reads either (the console does not print
    /// scopes), and the category only adds request start and finish lines (at Information) and a second report of a
    /// failed start. So it is off, unless <c>Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics</c> is set.
    /// </summary>
    private static void QuietRequestDiagnostics(WebApplicationBuilder builder)
    {
        if (builder.Configuration[$"Logging:LogLevel:{HostingDiagnosticsCategory}"] is null)
        {
            builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        }
    }

    internal const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
}
