using System.Globalization;
using System.Net;

namespace Ivr.Hosting;

/// <summary>How the Azure Functions host runs Ivr: as a custom handler on a loopback port it chooses.</summary>
internal static class CustomHandlerHosting
{
    public const string PortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const int LocalDefaultPort = 7071;

    /// <summary>Listens on 127.0.0.1:<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> (7071 when unset; 0 picks a free port).</summary>
    public static WebApplicationBuilder ListenAsCustomHandler(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[PortSetting];
        var port = LocalDefaultPort;
        if (!string.IsNullOrWhiteSpace(configured)
            && (!int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > IPEndPoint.MaxPort))
        {
            throw new InvalidOperationException($"{PortSetting} must be a TCP port number (got '{configured}').");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        return builder;
    }

    /// <summary>The host waits for any answer to <c>GET /</c> before sending work.</summary>
    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Text("Ivr is running.")).ExcludeFromDescription();
        return app;
    }
}
