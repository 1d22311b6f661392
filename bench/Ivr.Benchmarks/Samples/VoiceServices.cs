using Ivr.Handoffs;
using Ivr.Privacy;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Storage;
using Ivr.Telemetry;
using Ivr.Twilio;
using Ivr.Voice;
using Microsoft.Extensions.Options;

namespace Ivr.Benchmarks.Samples;

/// <summary>
/// The voice path as Program.cs builds it: the slim web builder, the app's own extension methods bound from
/// configuration, the voice endpoints mapped, and the sample line's rules in memory. The app is never started: no
/// server, no background work, no storage traffic.
/// </summary>
internal static class VoiceServices
{
    public static WebApplication Build(TimeProvider time, bool secondaryToken = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        // The app's own settings file (its log levels) and these settings: nothing from the environment (say an
        // exporter's connection string) changes the figures.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twilio:AuthToken"] = IncomingCallForm.AuthToken,
            ["Twilio:SecondaryAuthToken"] = secondaryToken ? IncomingCallForm.SecondaryAuthToken : null,
            ["Twilio:PublicBaseUrl"] = IncomingCallForm.PublicBaseUrl,
            ["Ivr:FallbackNumber"] = SampleLine.FallbackNumber,
            ["Privacy:CallerHashKey"] = "bench-caller-hash-key-0123456789",
            // Never contacted: the sample line has no sticky routing and the hand-off writer is not started.
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        });
        // Logging as the app does it at its levels (the incoming call logs its decision), minus the console's I/O.
        builder.Logging.ClearProviders().AddProvider(new DiscardingLoggerProvider());
        builder.AddTelemetry();
        builder.Services.AddSingleton(time);
        builder.Services.AddTwilioWebhooks(builder.Configuration);
        builder.Services.AddCallRouting(builder.Configuration);
        builder.Services.AddCallerPrivacy(builder.Configuration);
        builder.Services.AddTableStorage(builder.Configuration);
        builder.Services.AddHandoffRecording(builder.Configuration);
        builder.Services.AddSingleton<ILineDirectory>(new FixedLineDirectory(SampleLine.Rules));

        var app = builder.Build();
        // The checks the app runs at start-up, so a benchmark never measures a misconfigured path.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.MapVoice();
        return app;
    }
}
