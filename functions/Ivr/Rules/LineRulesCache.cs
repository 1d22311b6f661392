using System.Collections.Frozen;
using Ivr.Storage;
using Microsoft.Extensions.Options;

namespace Ivr.Rules;

/// <summary>Settings under <c>Rules</c>.</summary>
internal sealed class RulesOptions
{
    public const string Section = "Rules";

    /// <summary>How often every instance reloads all line rules (<c>Rules__RefreshInterval</c>); changes show within this.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The rules the call path reads, all in memory: loaded at start, reloaded in the background, and updated at once by
/// this instance's own admin writes. When storage fails the last rules that loaded stay in use.
/// </summary>
internal sealed partial class LineRulesCache(
    LineRulesStore store,
    IOptions<RulesOptions> options,
    ILogger<LineRulesCache> logger) : BackgroundService, IHostedLifecycleService, ILineDirectory
{
    private volatile FrozenDictionary<string, LineRules> lines = FrozenDictionary<string, LineRules>.Empty;
    private readonly Lock writeLock = new();
    private readonly TaskCompletionSource firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private Task? earlyLoad;

    // This instance's own changes while a reload reads storage: the list it reads may predate them, so they are kept.
    private readonly Dictionary<string, LineRules?> appliedDuringReload = new(StringComparer.Ordinal);
    private bool reloading;

    public Task FirstLoad => firstLoad.Task;

    public LineRules? Find(string? number) => number is not null && lines.TryGetValue(number, out var rules) ? rules : null;

    /// <summary>Applies this instance's own change immediately (null removes the line).</summary>
    public void Apply(string number, LineRules? rules)
    {
        lock (writeLock)
        {
            var next = lines.ToDictionary(StringComparer.Ordinal);
            Put(next, number, rules);
            lines = next.ToFrozenDictionary(StringComparer.Ordinal);
            if (reloading)
            {
                appliedDuringReload[number] = rules;
            }
        }
    }

    /// <summary>
    /// Starts the first load, once. A new instance's first call waits for it, so on the caller's clock it should be under
    /// way as early as possible: the host's start calls this before any hosted service starts, Kestrel among them, and
    /// Program.cs earlier still, while the host is being started.
    /// </summary>
    public void StartFirstLoad()
    {
        lock (writeLock)
        {
            earlyLoad ??= Task.Run(() => ReloadAsync(stopping.Token), CancellationToken.None);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        StartFirstLoad();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken) => await stopping.CancelAsync();

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
        stopping.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            await (earlyLoad ?? ReloadAsync(stoppingToken));
            firstLoad.TrySetResult();
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReloadAsync(stoppingToken);
            }
        }
        finally
        {
            firstLoad.TrySetResult();
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        lock (writeLock)
        {
            reloading = true;
        }

        try
        {
            var stored = await store.ListAsync(cancellationToken);
            var next = new Dictionary<string, LineRules>(StringComparer.Ordinal);
            foreach (var line in stored)
            {
                var (rules, errors) = LineRulesReader.Read(line.Number, line.Document!, stored: true);
                if (rules is null)
                {
                    // Stored rules were valid when written; a time zone missing from this machine's data can still fail.
                    LogUnusable(logger, line.Number, line.Version, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
                    continue;
                }

                next[line.Number] = rules;
            }

            lock (writeLock)
            {
                foreach (var (number, rules) in appliedDuringReload)
                {
                    Put(next, number, rules);
                }

                lines = next.ToFrozenDictionary(StringComparer.Ordinal);
            }
        }
        catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, cancellationToken))
        {
            LogReloadFailed(logger, ex, lines.Count);
        }
        finally
        {
            lock (writeLock)
            {
                reloading = false;
                appliedDuringReload.Clear();
            }
        }
    }

    private static void Put(Dictionary<string, LineRules> lines, string number, LineRules? rules)
    {
        if (rules is null)
        {
            lines.Remove(number);
        }
        else
        {
            lines[number] = rules;
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Could not reload line rules; still using the {Count} lines loaded before.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "Line {Line} version {Version} cannot be used here and is skipped: {Errors}")]
    private static partial void LogUnusable(ILogger logger, string line, int version, string errors);
}
