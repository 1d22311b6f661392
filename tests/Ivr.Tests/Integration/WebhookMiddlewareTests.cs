using System.Collections.Concurrent;
using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Integration;

/// <summary>
/// What a request really runs, not what its endpoint's metadata says (<see cref="WebhookPipelineTests"/>): a signed
/// webhook is answered without the authentication middleware, which an admin request goes through.
/// </summary>
public sealed class WebhookMiddlewareTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    [Fact]
    public async Task ASignedWebhookSkipsAuthenticationAndAnAdminRequestDoesNot()
    {
        var probe = new AuthenticationProbe();
        // Starting creates the support line through the admin API.
        await using var ivr = await env.StartInProcessAsync(services: services => services.AddSingleton<IStartupFilter>(probe));

        var twiml = await ivr.NewCall().ArriveAsync();

        Assert.Equal(IvrWithStorage.SupportAgent, twiml.Root!.Element("Dial")!.Elements().First().Value);
        Assert.True(probe.Authenticated["/api/admin/lines/" + IvrWithStorage.SupportLine]);
        Assert.False(probe.Authenticated["/api/voice/incoming"]);
    }

    /// <summary>Outside the whole pipeline: notes, per path, whether the authentication middleware ran for it.</summary>
    private sealed class AuthenticationProbe : IStartupFilter
    {
        public ConcurrentDictionary<string, bool> Authenticated { get; } = new(StringComparer.Ordinal);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // Noted as the response starts, so before the client can read it: after the middleware returns would
                // race the test's next assertion. The authentication middleware sets this feature on every request
                // it sees, before the endpoint writes.
                context.Response.OnStarting(() =>
                {
                    Authenticated[context.Request.Path.Value!] = context.Features.Get<IAuthenticationFeature>() is not null;
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
