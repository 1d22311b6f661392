using System.Globalization;
using Azure.Data.Tables;

namespace Ivr.Tests.Infrastructure;

/// <summary>The stand-in, an Ivr with the demo line calling it, and the env file the simulator reads: as start.sh runs them.</summary>
internal sealed class ToolsDemo(ChildProcess standIn, RunningIvr ivr, TableClient callbacks, string envFile) : IAsyncDisposable
{
    public const string DemoLine = "+31201234567";
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    public ChildProcess StandIn => standIn;

    public RunningIvr Ivr => ivr;

    public Dictionary<string, string?> Tools { get; } = new() { ["IVR_ENV_FILE"] = envFile };

    public static async Task<ToolsDemo> StartAsync(IvrWithStorage env)
    {
        var port = FreePort.Next();
        var ivrUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var standIn = ChildProcess.Start("node", ["tools/twilio-standin.mjs", "--url", ivrUrl, "--token", IvrProcess.AuthToken, "--account", AccountSid]);
        try
        {
            var listening = await standIn.WaitForLineAsync(line => line.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
            var standInUrl = listening[(listening.IndexOf("http", StringComparison.Ordinal))..].Trim();

            var table = HandoffRecords.UniqueTableName();
            var ivr = await env.StartInProcessAsync(
                settings =>
                {
                    settings["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
                    settings["Twilio__PublicBaseUrl"] = ivrUrl;
                    settings["Twilio__AccountSid"] = AccountSid;
                    settings["Twilio__ApiBaseUrl"] = standInUrl;
                },
                seedLines: false,
                table: table);
            await ivr.Admin.CreateLineAsync(DemoLine, await File.ReadAllTextAsync(Repo.PathOf("tools", "demo-line.json")));

            var envFile = Path.Combine(Path.GetTempPath(), $"ivr-{Guid.NewGuid():N}.env");
            await File.WriteAllLinesAsync(envFile,
            [
                $"IVR_URL='{ivrUrl}'",
                $"TWILIO_AUTH_TOKEN='{IvrProcess.AuthToken}'",
                $"STORAGE_CONNECTION_STRING='{env.Azurite.ConnectionString}'",
                $"HANDOFFS_TABLE='{table}'",
                $"DEMO_LINE='{DemoLine}'",
                $"TWILIO_STANDIN_URL='{standInUrl}'",
            ]);
            // IvrProcess.Settings names the callbacks table after the hand-offs table.
            return new ToolsDemo(standIn, ivr, new TableClient(env.Azurite.ConnectionString, table + "Callbacks"), envFile);
        }
        catch
        {
            await standIn.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Callbacks table's row for the call, if any: where Ivr keeps a pending callback and its sealed number.</summary>
    public async Task<List<TableEntity>> CallbacksOfAsync(string callSid)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in callbacks.QueryAsync<TableEntity>(r => r.PartitionKey == DemoLine && r.RowKey == callSid))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(envFile);
        await ivr.DisposeAsync();
        await standIn.DisposeAsync();
    }
}
