using System.Globalization;
using System.Text.RegularExpressions;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// The Ivr handler run as its own process on a free loopback port, exactly as the Functions host runs it:
/// configuration through environment variables, requests over real HTTP.
/// </summary>
internal sealed partial class IvrProcess : IIvrHost
{
    /// <summary>Shaped like a real token (32 hex digits): Ivr refuses placeholders outside Development.</summary>
    public const string AuthToken = "7c3f9a1e5b2d48e6a0f1c9d3b7e25a84";
    public const string FallbackNumber = "+15005550006";
    public const string CallerHashKey = "test-caller-hash-key-0123456789";

    /// <summary>Base64 of 32 test bytes: seals the numbers of callers waiting for a callback.</summary>
    public const string CallbackKey = "dGVzdC1jYWxsYmFjay1rZXktMDEyMzQ1Njc4OWFiY2Q=";
    public const string AdminKey = "test-admin-key-0123456789abcdef0123";
    public const string AnalystKey = "test-analyst-key-0123456789abcdef012";

    private readonly ChildProcess process;

    private IvrProcess(ChildProcess process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Output => process.Output;

    public ChildProcess Process => process;

    /// <summary>The settings a working instance needs; tests override or remove entries.</summary>
    public static Dictionary<string, string?> Settings(string storageConnectionString, string table) => new()
    {
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "0",
        ["Twilio__AuthToken"] = AuthToken,
        ["Storage__ConnectionString"] = storageConnectionString,
        ["Storage__HandoffsTable"] = table,
        ["Storage__LinesTable"] = table + "Lines",
        ["Storage__CallersTable"] = table + "Callers",
        ["Storage__RollupsTable"] = table + "Rollups",
        ["Storage__PresenceTable"] = table + "Presence",
        ["Storage__WaitingTable"] = table + "Waiting",
        ["Storage__CallbacksTable"] = table + "Callbacks",
        ["Admin__ApiKeys__0"] = AdminKey,
        ["Analytics__ApiKeys__0"] = AnalystKey,
        // Tests drive far more requests per key than a person would; the limits have their own tests.
        ["RateLimits__AdminPerMinute"] = "100000",
        ["RateLimits__AnalyticsPerMinute"] = "100000",
        ["Ivr__FallbackNumber"] = FallbackNumber,
        ["Privacy__CallerHashKey"] = CallerHashKey,
        ["Privacy__CallbackKey"] = CallbackKey,
        ["Logging__LogLevel__Default"] = "Information",
    };

    /// <summary>
    /// Starts the handler's build output (<c>dotnet Ivr.dll</c>), or <paramref name="executable"/>: a published,
    /// self-contained handler run directly, as the Functions host runs <c>bin/Ivr</c>.
    /// </summary>
    public static async Task<IvrProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string? executable = null, string? workingDirectory = null)
    {
        var file = executable ?? Repo.HandlerDll;
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"The handler is not built at {file}.");
        }

        var process = executable is null ? ChildProcess.Start("dotnet", [Repo.HandlerDll], settings) : ChildProcess.Start(executable, [], settings, workingDirectory);
        var listening = await process.WaitForLineAsync(line => ListeningLine().IsMatch(line), TimeSpan.FromSeconds(60));
        var port = int.Parse(ListeningLine().Match(listening).Groups["port"].Value, CultureInfo.InvariantCulture);
        return new IvrProcess(process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Starts a process expected to refuse to start, and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToFailureAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using var process = ChildProcess.Start("dotnet", [Repo.HandlerDll], settings);
        return await process.WaitForExitAsync(TimeSpan.FromSeconds(60))
            ? (process.ExitCode, process.Output)
            : throw new InvalidOperationException("Ivr kept running:\n" + process.Output);
    }

    public Task StopGracefullyAsync() => process.StopGracefullyAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await process.DisposeAsync();
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
