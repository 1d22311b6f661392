using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Integration;

/// <summary>
/// Twilio's webhooks skip the middleware the APIs need (authentication, authorization, the console's antiforgery check,
/// rate limits): Twilio's signature is their proof, and that middleware took about 8 % of a webhook's CPU
/// (docs/performance.md). Every other endpoint still goes through it.
/// </summary>
public sealed class WebhookPipelineTests
{
    [Fact]
    public void OnlyTheVoiceWebhooksAreShortCircuitedAndNoneOfThemAsksForAuthorization()
    {
        using var app = FunctionDeclarations.CreateApp();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var voice = endpoints.Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/voice/", StringComparison.Ordinal)).ToList();

        Assert.Contains(voice, e => e.RoutePattern.RawText!.EndsWith("/incoming", StringComparison.Ordinal));
        Assert.Equal(
            voice.Select(e => e.DisplayName).Order(StringComparer.Ordinal),
            endpoints.Where(IsShortCircuited).Select(e => e.DisplayName).Order(StringComparer.Ordinal));
        Assert.All(voice, e => Assert.Null(e.Metadata.GetMetadata<IAuthorizeData>()));
    }

    // ShortCircuit() marks an endpoint with the framework's internal ShortCircuitMetadata, known here only by its name.
    private static bool IsShortCircuited(Endpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name == "ShortCircuitMetadata");
}
