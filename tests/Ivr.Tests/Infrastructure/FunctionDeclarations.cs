using System.Text.Json;
using Ivr.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Infrastructure;

/// <summary>HTTP functions as function.json files declare them, and as the app serves them.</summary>
internal static class FunctionDeclarations
{
    public sealed record Function(string Route, string[] Methods, string AuthLevel);

    /// <summary>
    /// Every function.json under <paramref name="triggersRoot"/> matches an endpoint of the app (route under host.json's
    /// prefix, methods, auth level), and every endpoint marked as a function has one.
    /// </summary>
    public static void AssertMatchServedEndpoints(string triggersRoot, string hostJson)
    {
        var declared = Read(triggersRoot);
        var served = Served();

        Assert.NotEmpty(served);
        Assert.Equal(served.Keys.Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, endpoint) in served)
        {
            var function = declared[name];
            Assert.Equal(endpoint.Route, "/" + string.Join('/', new[] { RoutePrefix(hostJson), function.Route }.Where(p => p.Length > 0)));
            Assert.Equal(endpoint.Methods, function.Methods);
            Assert.Equal(endpoint.AuthLevel, function.AuthLevel);
        }
    }

    public static Dictionary<string, Function> Read(string triggersRoot)
    {
        var functions = new Dictionary<string, Function>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(triggersRoot, "function.json", SearchOption.AllDirectories))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var bindings = json.RootElement.GetProperty("bindings").EnumerateArray().ToList();
            var trigger = bindings.Single(b => b.GetProperty("direction").GetString() == "in");
            if (trigger.GetProperty("type").GetString() != "httpTrigger")
            {
                continue;
            }

            // Proxy mode only applies to exactly one httpTrigger in and one http out.
            Assert.Equal(2, bindings.Count);
            Assert.Equal("http", bindings.Single(b => b.GetProperty("direction").GetString() == "out").GetProperty("type").GetString());
            var name = Path.GetFileName(Path.GetDirectoryName(file))!;
            functions[name] = new Function(
                trigger.GetProperty("route").GetString()!,
                trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order(StringComparer.Ordinal).ToArray(),
                trigger.GetProperty("authLevel").GetString()!);
        }

        return functions;
    }

    public static WebApplicationFactory<Program> CreateApp() => new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
    {
        host.UseSetting("Twilio:AuthToken", "metadata-only");
        host.UseSetting("Storage:ConnectionString", "UseDevelopmentStorage=true");
        host.UseSetting("Ivr:FallbackNumber", "+15005550006");
        host.UseSetting("Privacy:CallerHashKey", "metadata-only-key-0123456789");
        host.UseSetting("Admin:ApiKeys:0", "metadata-only-admin-key-0123456789");
        host.UseSetting("Analytics:ApiKeys:0", "metadata-only-analyst-key-0123456789");
    });

    public static Dictionary<string, Function> Served()
    {
        using var app = CreateApp();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .Where(e => e.Metadata.GetMetadata<FunctionEndpoint>() is not null)
            .ToDictionary(
                e => e.Metadata.GetMetadata<FunctionEndpoint>()!.Name,
                e => new Function(
                    "/" + e.RoutePattern.RawText!.TrimStart('/'),
                    e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Order(StringComparer.Ordinal).ToArray(),
                    e.Metadata.GetMetadata<FunctionEndpoint>()!.AuthLevel),
                StringComparer.Ordinal);
    }

    private static string RoutePrefix(string hostJson)
    {
        using var host = JsonDocument.Parse(File.ReadAllText(hostJson));
        return host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
    }
}
