using System.Globalization;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// A real Azurite Table service on a free loopback port, started from the repository's node_modules and stopped by
/// its own PID. Data is kept in memory: Azurite's file persistence loses its last seconds of writes on a stop.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private ChildProcess? server;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => ConnectionStringVia(Port);

    /// <summary>The connection string for reaching this Azurite through another port (a <see cref="NetworkLink"/>).</summary>
    public static string ConnectionStringVia(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    public async Task InitializeAsync()
    {
        var entryPoint = Repo.PathOf("node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(entryPoint))
        {
            throw new InvalidOperationException($"Azurite is not installed ({entryPoint}). Run 'npm ci' in the repository root.");
        }

        server = ChildProcess.Start("node", [entryPoint, "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck"]);
        await server.WaitForLineAsync(line => line.Contains("successfully started", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(30));
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
