using System.Collections.Concurrent;
using System.Threading.Channels;
using Ivr.Rules;
using Ivr.Storage;

namespace Ivr.Presence;

/// <summary>
/// Who is free, in memory, so the call path never waits on storage for it. Facts this instance learns change the
/// memory at once and are written in the background, in order; every <see cref="RefreshInterval"/> the memory takes
/// what all instances wrote, except for people whose latest facts are still being written here, or were written
/// after the read went out.
/// </summary>
internal sealed partial class PresenceBoard(PresenceStore store, PresenceSignal signal, TimeProvider time, ILogger<PresenceBoard> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long after its start an instance first reads presence (and who waits) from storage.</summary>
    public static readonly TimeSpan FirstRefreshDelay = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, PersonPresence> people = new(StringComparer.Ordinal);

    /// <summary>Per person, the changes noted here and not written yet.</summary>
    private readonly ConcurrentDictionary<string, int> unwritten = new(StringComparer.Ordinal);

    /// <summary>People whose presence this instance wrote while a read was on its way: the read may predate the write.</summary>
    private readonly ChangesSinceRead written = new();

    private readonly Channel<(string Person, Func<PersonPresence, PersonPresence?> Change)> changes =
        Channel.CreateBounded<(string, Func<PersonPresence, PersonPresence?>)>(new BoundedChannelOptions(10_000) { SingleReader = true });

    /// <summary>Completes once the stored presence was read for the first time (or could not be).</summary>
    private readonly TaskCompletionSource firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstRead => firstRead.Task;

    public PersonPresence Of(string person) => people.TryGetValue(person, out var presence) ? presence : PersonPresence.Available(person);

    /// <summary>Whether <paramref name="person"/> may be rung now. Someone Ivr knows nothing of is free.</summary>
    public bool IsFree(string person, DateTimeOffset now) => !people.TryGetValue(person, out var presence) || presence.IsFree(now);

    /// <summary>
    /// Who of <paramref name="line"/>'s people may ring at <paramref name="now"/>. A line with a queue rings only those who
    /// are free, and holds the caller when nobody is. A line without one rings everyone not marked away, as it always
    /// did: its people may be desk numbers that take several calls at once, and with no queue, leaving them out would
    /// only send callers to the ending sooner.
    /// </summary>
    public Func<RingTarget, bool> RingableAt(LineRules? line, DateTimeOffset now) =>
        line?.Queue is null ? person => !IsAway(person.ToString()) : person => IsFree(person.ToString(), now);

    private bool IsAway(string person) => people.TryGetValue(person, out var presence) && presence.Away;

    /// <summary>A fact learned here: in memory at once, in storage soon.</summary>
    public void Note(string person, Func<PersonPresence, PersonPresence?> change)
    {
        Apply(person, change);
        unwritten.AddOrUpdate(person, 1, static (_, n) => n + 1);
        if (!changes.Writer.TryWrite((person, change)))
        {
            Written(person);
            LogChangeDropped(logger, person);
        }

        signal.Notify();
    }

    /// <summary>
    /// A change that must hold across instances (reserving a person for an offer): made in storage first, under the
    /// row's ETag. Returns the new presence, or null when the change no longer applied there.
    /// </summary>
    public async Task<PersonPresence?> ChangeNowAsync(string person, Func<PersonPresence, PersonPresence?> change, CancellationToken cancellationToken)
    {
        var (stored, changed) = await store.ChangeAsync(person, change, cancellationToken);
        written.Changed(person);
        if (unwritten.ContainsKey(person))
        {
            Apply(person, change); // Facts of ours on their way to storage: keep them, with this change on top.
        }
        else
        {
            people[person] = stored;
        }

        return changed ? stored : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writing = WriteAsync(stoppingToken);
        await RefreshAsync(stoppingToken);
        await writing;
    }

    private void Apply(string person, Func<PersonPresence, PersonPresence?> change)
    {
        // Compare-and-swap: two webhooks about one person must not lose either fact.
        while (true)
        {
            if (people.TryGetValue(person, out var current))
            {
                if (change(current) is not { } next || people.TryUpdate(person, next, current))
                {
                    return;
                }
            }
            else if (change(PersonPresence.Available(person)) is not { } first || people.TryAdd(person, first))
            {
                return;
            }
        }
    }

    private void Written(string person)
    {
        if (unwritten.AddOrUpdate(person, 0, static (_, n) => n - 1) <= 0)
        {
            unwritten.TryRemove(new KeyValuePair<string, int>(person, 0));
        }
    }

    private async Task WriteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (person, change) in changes.Reader.ReadAllAsync(stoppingToken))
            {
                while (true)
                {
                    try
                    {
                        var (stored, _) = await store.ChangeAsync(person, change, stoppingToken);
                        written.Changed(person);
                        Written(person);
                        if (!unwritten.ContainsKey(person))
                        {
                            people[person] = stored;
                        }

                        signal.Notify(); // A reservation made from storage can now see it.

                        break;
                    }
                    catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, stoppingToken))
                    {
                        LogWriteFailed(logger, person, ex.GetType().Name);
                        await Task.Delay(RetryAfter, time, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is not written is lost with the instance; every fact expires by itself (LongestCall, OfferedUntil).
        }
    }

    // A new instance answers its first calls before it reads: the read would compete with them for a cold CPU.
    private Task RefreshAsync(CancellationToken stoppingToken) =>
        PeriodicRead.RunAsync(FirstRefreshDelay, RefreshInterval, time, ReadAsync, ex => LogRefreshFailed(logger, ex.GetType().Name), stoppingToken);

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var readStart = written.ReadStarts();
            foreach (var stored in await store.ReadAllAsync(cancellationToken))
            {
                if (!unwritten.ContainsKey(stored.Person) && !written.ChangedSince(readStart, stored.Person))
                {
                    people[stored.Person] = stored;
                }
            }

            written.Forget(readStart);
            signal.Notify();
        }
        finally
        {
            firstRead.TrySetResult(); // read or not: the first answer need not wait any longer
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Could not store the presence of {Person} ({Reason}); trying again.")]
    private static partial void LogWriteFailed(ILogger logger, string person, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Could not read who is busy or away ({Reason}); going by what this instance knows.")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Too many presence changes waiting to be stored; one for {Person} is kept in memory only.")]
    private static partial void LogChangeDropped(ILogger logger, string person);
}
