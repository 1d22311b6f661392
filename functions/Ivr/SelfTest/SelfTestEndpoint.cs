using Azure;
using Ivr.Analytics;
using Ivr.Handoffs;
using Ivr.Hosting;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Security;
using Ivr.Telemetry;
using Ivr.Twilio;
using Microsoft.Extensions.Options;

namespace Ivr.SelfTest;

/// <summary>
/// <c>GET /api/self-test</c> with an admin key: checks this instance's configuration as deployed (public URL, tokens,
/// storage, lines, keys, telemetry) and gives the values to enter in the Twilio console. Reports which setting is wrong,
/// never a secret's value.
/// </summary>
internal static class SelfTestEndpoint
{
    public const string Route = "/api/self-test";

    private static readonly TimeSpan StorageBudget = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddSelfTest(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(SelfTestJson.Default));

    public static IEndpointRouteBuilder MapSelfTest(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, RunAsync)
            .RequireRole(ApiRoles.Admin, ApiRateLimits.Admin)
            .WithTags("Self-test")
            .WithSummary("Check this deployment's configuration (no secrets shown) and get the Twilio console values.")
            .AsFunction("SelfTest");
        return app;
    }

    private static async Task<JsonAnswer<SelfTestReport>> RunAsync(
        HttpRequest request,
        IOptions<TwilioOptions> twilio,
        IOptions<IvrOptions> ivr,
        IOptions<AnalyticsOptions> analytics,
        IConfiguration configuration,
        IHostEnvironment environment,
        LineRulesStore lines,
        HandoffDrops drops,
        HandoffWriter writer)
    {
        var (lineCount, storageError) = await CountLinesAsync(lines, request.HttpContext.RequestAborted);
        var facts = new SelfTestFacts
        {
            PublicBaseUrl = twilio.Value.PublicBaseUrl,
            RequestHost = TwilioRequestUrl.PublicHost(request),
            SecondaryAuthTokenSet = !string.IsNullOrEmpty(twilio.Value.SecondaryAuthToken),
            Development = environment.IsDevelopment(),
            InAzure = !string.IsNullOrEmpty(configuration["WEBSITE_SITE_NAME"]),
            ApplicationInsightsSet = !string.IsNullOrEmpty(configuration[TelemetryOptions.ConnectionStringSetting]),
            FallbackNumber = ivr.Value.FallbackNumber ?? "",
            FallbackRingTimeoutSeconds = ivr.Value.FallbackRingTimeoutSeconds,
            AnalystKeys = analytics.Value.ApiKeys.Count + analytics.Value.ApiKeyHashes.Count,
            Lines = lineCount,
            StorageError = storageError,
            HandoffWritesReachable = writer.StorageReachable,
            DroppedUpdates = drops.Total,
        };
        return new(SelfTestChecks.Judge(facts), SelfTestJson.Plain.SelfTestReport);
    }

    /// <summary>A real read of the lines table, within a budget; failures are described by status and code only.</summary>
    private static async Task<(int? Lines, string? Error)> CountLinesAsync(LineRulesStore lines, CancellationToken aborted)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        budget.CancelAfter(StorageBudget);
        try
        {
            return ((await lines.ListAsync(budget.Token)).Count, null);
        }
        catch (RequestFailedException ex)
        {
            return (null, $"HTTP {ex.Status} {ex.ErrorCode}".TrimEnd());
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return (null, $"no answer within {StorageBudget.TotalSeconds:0} s");
        }
        catch (Exception ex) when (Storage.StorageFailures.IsTrouble(ex) || ex is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException)
        {
            return (null, ex.GetType().Name);
        }
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(SelfTestReport))]
internal sealed partial class SelfTestJson : System.Text.Json.Serialization.JsonSerializerContext
{
    /// <summary>For answers: text as it is (<see cref="PlainJson"/>).</summary>
    public static SelfTestJson Plain => field ??= new(PlainJson.Options(Default.Options));
}
