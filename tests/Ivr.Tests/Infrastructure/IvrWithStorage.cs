using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// What integration tests share: one Azurite and one twilio oracle (<see cref="SharedServices"/>, the same for every
/// class that uses this fixture). Each test starts its own Ivr and uses tables of its own.
/// </summary>
public sealed class IvrWithStorage : IAsyncLifetime
{
    public const string SupportLine = "+31201234567";
    public const string SupportAgent = "+31612345678";
    public const string SupportClient = "alice";
    public const string GoodbyeLine = "+31207654321";

    private (Azurite Azurite, TwilioOracle Oracle)? services;

    public Azurite Azurite => Services.Azurite;

    public TwilioOracle Oracle => Services.Oracle;

    private (Azurite Azurite, TwilioOracle Oracle) Services => services ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => services = await SharedServices.AcquireAsync();

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            services = null;
            await SharedServices.ReleaseAsync();
        }
    }

    /// <summary>Settings for an Ivr with two seeded lines, writing to <paramref name="table"/>.</summary>
    internal Dictionary<string, string?> Settings(string table)
    {
        var settings = IvrProcess.Settings(Azurite.ConnectionString, table);
        settings["Twilio__PublicBaseUrl"] = TwilioWebhooks.PublicBaseUrl;
        return settings;
    }

    /// <summary>Ivr in this test process, with <see cref="Settings"/> for <paramref name="table"/>; <paramref name="configure"/> adds to them.</summary>
    internal WebApplicationFactory<Program> InProcess(string table, Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (name, value) in Settings(table))
            {
                host.UseSetting(name.Replace("__", ":", StringComparison.Ordinal), value);
            }

            configure?.Invoke(host);
        });

    /// <summary>Always open; rings the agent and alice at once for 15 s, then takes a message.</summary>
    public const string SupportRules = $$"""
        {
          "name": "Support",
          "timeZone": "Europe/Amsterdam",
          "ringGroups": [{ "name": "Support", "members": ["{{SupportAgent}}", "client:{{SupportClient}}"], "ringTimeoutSeconds": 15 }]
        }
        """;

    /// <summary>Always open; rings the agent, then says goodbye.</summary>
    public const string GoodbyeRules = $$"""
        {
          "timeZone": "Europe/Amsterdam",
          "ringGroups": [{ "name": "Agent", "members": ["{{SupportAgent}}"] }],
          "whenNobodyAnswers": { "action": "goodbye" }
        }
        """;

    /// <summary>
    /// An Ivr process, its signed-webhook client, its admin client and its tables. Unless <paramref name="seedLines"/>
    /// is false, the support and goodbye lines are created through the admin API, as an admin would.
    /// </summary>
    /// <param name="executable">A published handler to run instead of the build output, from <paramref name="workingDirectory"/>.</param>
    internal Task<RunningIvr> StartIvrAsync(
        Action<Dictionary<string, string?>>? adjust = null, bool seedLines = true, string? table = null, string? executable = null, string? workingDirectory = null) =>
        StartAsync(async settings => await IvrProcess.StartAsync(settings, executable, workingDirectory), adjust, seedLines, table);

    /// <summary>
    /// As <see cref="StartIvrAsync"/>, with the app hosted in this test process (<see cref="InProcessIvr"/>): for tests
    /// of what the app answers and stores, which need no process of its own. <paramref name="services"/> adds to the
    /// app's own services (a probe, say).
    /// </summary>
    internal Task<RunningIvr> StartInProcessAsync(
        Action<Dictionary<string, string?>>? adjust = null, bool seedLines = true, string? table = null, Action<IServiceCollection>? services = null) =>
        StartAsync(settings => Task.FromResult<IIvrHost>(InProcessIvr.Start(settings, services)), adjust, seedLines, table);

    /// <summary>Creates a line, again after a 503 ("try again shortly"): a machine busy with other tests can slow storage past the admin API's limit.</summary>
    private static async Task SeedAsync(AdminClient admin, string number, string rules)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await admin.PutLineAsync(number, rules);
            if (response.StatusCode == System.Net.HttpStatusCode.Created)
            {
                return;
            }

            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 3)
            {
                throw new InvalidOperationException($"Creating line {number} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<RunningIvr> StartAsync(
        Func<Dictionary<string, string?>, Task<IIvrHost>> start, Action<Dictionary<string, string?>>? adjust, bool seedLines, string? table)
    {
        table ??= HandoffRecords.UniqueTableName();
        var settings = Settings(table);
        adjust?.Invoke(settings);
        var ivr = await start(settings);
        var admin = new AdminClient(ivr.Http);
        try
        {
            if (seedLines)
            {
                await SeedAsync(admin, SupportLine, SupportRules);
                await SeedAsync(admin, GoodbyeLine, GoodbyeRules);
            }
        }
        catch
        {
            await ivr.DisposeAsync(); // never leave a process behind a failed start
            throw;
        }

        return new RunningIvr(ivr, new TwilioWebhooks(ivr.Http, Oracle, TwilioWebhooks.PublicBaseUrl), new HandoffRecords(Azurite.ConnectionString, table), admin);
    }
}

/// <summary>
/// The reliability scenarios and the published builds (Native AOT, the deploy package), one after another: each loads
/// the machine, and a Native AOT compile beside a scenario starved its storage enough to fail it. Other classes take
/// <see cref="IvrWithStorage"/> as a class fixture, and so run beside each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class IvrWithStorageTests : ICollectionFixture<IvrWithStorage>, ICollectionFixture<Deploy.PublishedBuilds>
{
    public const string Name = "Ivr with Azurite";
}

internal sealed record RunningIvr(IIvrHost Host, TwilioWebhooks Twilio, HandoffRecords Records, AdminClient Admin) : IAsyncDisposable
{
    public Uri BaseAddress => Host.BaseAddress;

    public HttpClient Http => Host.Http;

    /// <summary>The process, for tests of its output or its signals; only for an Ivr started with <c>StartIvrAsync</c>.</summary>
    public IvrProcess Process => Host as IvrProcess ?? throw new InvalidOperationException("This Ivr runs in the test process; start it with StartIvrAsync.");

    public SimulatedCall NewCall(string line = IvrWithStorage.SupportLine) => new(Twilio, line);

    /// <summary>A call to the support line that the agent answers and that then ends: its first TwiML and its final record.</summary>
    public async Task<(System.Xml.Linq.XDocument Twiml, Azure.Data.Tables.TableEntity Record)> AnsweredCallAsync()
    {
        var call = NewCall();
        var twiml = await call.ArriveAsync();
        await call.AnswerAsync(IvrWithStorage.SupportAgent);
        await call.DialEndsAsync("completed", bridged: true);
        await call.EndAsync();
        return (twiml, await Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null));
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
