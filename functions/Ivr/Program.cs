using Ivr.Admin;
using Ivr.AdminConsole;
using Ivr.Analytics;
using Ivr.Dashboard;
using Ivr.Handoffs;
using Ivr.Hosting;
using Ivr.Presence;
using Ivr.Privacy;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Security;
using Ivr.SelfTest;
using Ivr.Storage;
using Ivr.Telemetry;
using Ivr.Twilio;
using Ivr.Voice;

// The Functions host starts the handler from the app root; its settings files sit beside the executable.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.ListenAsCustomHandler();
builder.LimitRequests();
builder.AddTelemetry();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJson();
builder.Services.AddTwilioWebhooks(builder.Configuration);
builder.Services.AddCallRouting(builder.Configuration);
builder.Services.AddCallerPrivacy(builder.Configuration);
builder.Services.AddTableStorage(builder.Configuration);
builder.Services.AddHandoffRecording(builder.Configuration);
builder.Services.AddPresence();
builder.Services.AddCallQueues();
builder.Services.AddVoice();
builder.Services.AddLineRules(builder.Configuration);
builder.Services.AddAdminApi(builder.Configuration);
builder.Services.AddAnalytics(builder.Configuration);
builder.Services.AddIvrAuthentication();
builder.Services.AddOpenApi(options => options.DescribeApiKeys());
builder.Services.AddApiRateLimits(builder.Configuration);
builder.Services.AddDashboard();
builder.Services.AddAdminConsole();
builder.Services.AddSelfTest();
builder.Services.SkipDataProtectionKeyRingAtStart();

var app = builder.Build();
// Routing first, so the route table can be registered before the start (WarmUpBesideStart), and so the voice webhooks,
// short-circuited there, skip what follows. Authentication is named here too: left to the host, it would come before
// routing and run for every webhook. Then authorization: the rate limiter keys its windows on who signed in.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
// Changes signed in by the console's cookie need its antiforgery token; API keys are left alone.
app.UseConsoleAntiforgery();
app.UseRateLimiter();
app.MapReadiness();
app.MapHealth();
app.MapSelfTest();
app.MapVoice();
app.MapAdmin();
app.MapAnalytics();
app.MapAnalyticsTimers();
app.MapDashboard();
app.MapAdminConsole();
app.MapOpenApi("/openapi/v1.json").AsFunction("OpenApiDocument");
app.WarmUpBesideStart(
    // The first call waits for its line's rules most: their load starts first.
    startFirst: services => services.GetRequiredService<LineRulesCache>().StartFirstLoad(),
    thenAfterTheRouteTable: services => services.GetRequiredService<IncomingCall>());
return StartupFailure.Run(app);

/// <summary>The handler's entry point (public so tests can reach the app's endpoint metadata).</summary>
public partial class Program;
