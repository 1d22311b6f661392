using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// The Ivr app hosted in the test process on Kestrel, listening where its own settings say (a free loopback port):
/// the same app, settings and HTTP as <see cref="IvrProcess"/>, without starting and warming up a runtime per test.
/// Tests of what only a separate process shows (its output, signals, environment-only settings, a published build)
/// use <see cref="IvrProcess"/>.
/// </summary>
internal sealed class InProcessIvr : IIvrHost
{
    private readonly WebApplicationFactory<Program> app;

    private InProcessIvr(WebApplicationFactory<Program> app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static InProcessIvr Start(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            // As the process runs unless told otherwise (the factory's default is Development).
            host.UseEnvironment(Environments.Production);
            foreach (var (name, value) in settings)
            {
                host.UseSetting(name.Replace("__", ":", StringComparison.Ordinal), value);
            }

            if (services is not null)
            {
                host.ConfigureServices(services);
            }
        });
        try
        {
            app.UseKestrel();
            app.StartServer();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new InProcessIvr(app, new Uri(address));
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.DisposeAsync();
    }
}
