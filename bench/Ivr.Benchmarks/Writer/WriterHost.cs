using Ivr.Handoffs;
using Ivr.Storage;
using Ivr.Telemetry;
using Microsoft.Extensions.Options;

namespace Ivr.Benchmarks.Writer;

/// <summary>
/// The real hand-off writer stack (queue, writer, store, write pipeline, table client), registered as Program.cs
/// does, by the app's own extension methods from configuration. Only the writer is started: no web server.
/// </summary>
internal static class WriterHost
{
    public static WebApplication Build(string connectionString, string handoffsTable)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        // Only these settings: nothing from the environment (say an exporter's connection string) changes the figures.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            // A table of its own per run, so reruns against the same Azurite never meet old rows.
            ["Storage:HandoffsTable"] = handoffsTable,
        });
        // Outages and dropped updates are logged as warnings and errors: they must show in the output.
        builder.Logging.ClearProviders().AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.AddTelemetry();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTableStorage(builder.Configuration);
        builder.Services.AddHandoffRecording(builder.Configuration);

        var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        return app;
    }
}
