using Ivr.Telemetry;
using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ivr.Tests.Telemetry;

/// <summary>
/// ASP.NET Core's per-request activity and log scope follow its hosting category's log level: Ivr turns that
/// category off when no exporter reads them, and leaves it alone when one does or when it is configured.
/// </summary>
public sealed class RequestDiagnosticsTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    [Fact]
    public void WithoutAnExporterTheHostingCategoryIsOffAndIvrsOwnLogsAreNot()
    {
        using var app = App();

        Assert.False(Logger(app, TelemetryServiceCollectionExtensions.HostingDiagnosticsCategory).IsEnabled(LogLevel.Critical));
        Assert.True(Logger(app, "Ivr.Voice.IncomingCall").IsEnabled(LogLevel.Warning));
        Assert.True(Logger(app, "Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void AConfiguredLevelForTheHostingCategoryIsKept()
    {
        using var app = App(("Logging:LogLevel:" + TelemetryServiceCollectionExtensions.HostingDiagnosticsCategory, "Information"));

        Assert.True(Logger(app, TelemetryServiceCollectionExtensions.HostingDiagnosticsCategory).IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void WithAnExporterTheHostingCategoryKeepsItsLevel()
    {
        using var app = App(("Telemetry:Console", "true"));

        Assert.True(Logger(app, TelemetryServiceCollectionExtensions.HostingDiagnosticsCategory).IsEnabled(LogLevel.Warning));
    }

    private static ILogger Logger(WebApplicationFactory<Program> app, string category) =>
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

    private WebApplicationFactory<Program> App(params (string Name, string Value)[] extra) =>
        env.InProcess(HandoffRecords.UniqueTableName(), host =>
        {
            foreach (var (name, value) in extra)
            {
                host.UseSetting(name, value);
            }
        });
}
