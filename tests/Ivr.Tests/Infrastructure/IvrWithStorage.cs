namespace Ivr.Tests.Infrastructure;

/// <summary>What integration tests share: one Azurite and one twilio oracle. Each test starts its own Ivr and table.</summary>
public sealed class IvrWithStorage : IAsyncLifetime
{
    public const string SupportLine = "+31201234567";
    public const string SupportAgent = "+31612345678";
    public const string SupportClient = "alice";
    public const string GoodbyeLine = "+31207654321";

    public Azurite Azurite { get; } = new();

    public TwilioOracle Oracle { get; } = new();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Azurite.InitializeAsync(), Oracle.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await Oracle.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>Settings for an Ivr with two seeded lines, writing to <paramref name="table"/>.</summary>
    internal Dictionary<string, string?> Settings(string table)
    {
        var settings = IvrProcess.Settings(Azurite.ConnectionString, table);
        settings["Twilio__PublicBaseUrl"] = TwilioWebhooks.PublicBaseUrl;
        settings["Lines__0__Number"] = SupportLine;
        settings["Lines__0__Name"] = "Support";
        settings["Lines__0__Ring__0"] = SupportAgent;
        settings["Lines__0__Ring__1"] = "client:" + SupportClient;
        settings["Lines__0__RingTimeoutSeconds"] = "15";
        settings["Lines__1__Number"] = GoodbyeLine;
        settings["Lines__1__Ring__0"] = SupportAgent;
        settings["Lines__1__WhenNobodyAnswers"] = "Goodbye";
        return settings;
    }

    /// <summary>An Ivr process, its signed-webhook client and its table.</summary>
    internal async Task<RunningIvr> StartIvrAsync(Action<Dictionary<string, string?>>? adjust = null)
    {
        var table = HandoffRecords.UniqueTableName();
        var settings = Settings(table);
        adjust?.Invoke(settings);
        var ivr = await IvrProcess.StartAsync(settings);
        return new RunningIvr(ivr, new TwilioWebhooks(ivr.Http, Oracle, TwilioWebhooks.PublicBaseUrl), new HandoffRecords(Azurite.ConnectionString, table));
    }
}

[CollectionDefinition(Name)]
public sealed class IvrWithStorageTests : ICollectionFixture<IvrWithStorage>
{
    public const string Name = "Ivr with Azurite";
}

internal sealed record RunningIvr(IvrProcess Process, TwilioWebhooks Twilio, HandoffRecords Records) : IAsyncDisposable
{
    public SimulatedCall NewCall(string line = IvrWithStorage.SupportLine) => new(Twilio, line);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
