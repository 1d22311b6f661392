namespace Ivr.Tests.Infrastructure;

/// <summary>
/// A real Azurite Table service on a free loopback port, started from the repository's node_modules and stopped by
/// its own PID. Data lives in a temporary folder, so a stop and restart keeps it (as a storage outage would).
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("ivr-azurite-").FullName;
    private ChildProcess? server;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        var entryPoint = Repo.PathOf("node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(entryPoint))
        {
            throw new InvalidOperationException($"Azurite is not installed ({entryPoint}). Run 'npm ci' in the repository root.");
        }

        server = ChildProcess.Start("node", [entryPoint, "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", dataDirectory, "--disableTelemetry", "--skipApiVersionCheck"]);
        await server.WaitForLineAsync(line => line.Contains("successfully listening", StringComparison.OrdinalIgnoreCase) || line.Contains("successfully started", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(30));
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10));
    }

    /// <summary>Stops the server (storage outage); <see cref="StartAsync"/> brings it back on the same port.</summary>
    public async Task StopAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
            server = null;
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
