using System.Collections.Concurrent;
using System.Threading.Channels;
using Ivr.Presence;
using Ivr.Rules;
using Ivr.Storage;

namespace Ivr.Queue;

/// <summary>
/// Who waits in each line's queue, in memory, refreshed from storage every <see cref="PresenceBoard.RefreshInterval"/>
/// and changed at once by this instance's own webhooks (written in the background, in order). Twilio holds the callers
/// and bridges them first in, first out; this is what Ivr needs to know to offer them to people.
/// </summary>
internal sealed partial class WaitingCallers(WaitingStore store, PresenceSignal signal, TimeProvider time, ILogger<WaitingCallers> logger) : BackgroundService
{
    /// <summary>A caller still listed this long after joining has left without Ivr hearing of it: no queue holds anyone longer.</summary>
    private static readonly TimeSpan Forgotten = TimeSpan.FromSeconds(RuleLimits.MaxQueueWaitSeconds) + TimeSpan.FromMinutes(10);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, WaitingCaller> callers = new(StringComparer.Ordinal);

    /// <summary>Callers this instance saw leave, until storage surely no longer lists them.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> left = new(StringComparer.Ordinal);

    /// <summary>Callers whose joining this instance has not written yet.</summary>
    private readonly ConcurrentDictionary<string, WaitingCaller> unwritten = new(StringComparer.Ordinal);

    /// <summary>Callers whose joining this instance wrote while a read was on its way: the read may predate the write.</summary>
    private readonly ChangesSinceRead written = new();

    private readonly Channel<(WaitingCaller Caller, bool Joined)> changes =
        Channel.CreateBounded<(WaitingCaller, bool)>(new BoundedChannelOptions(10_000) { SingleReader = true });

    /// <summary>Lists a caller as waiting; false when they were listed already (or have left).</summary>
    public bool Joined(WaitingCaller caller)
    {
        if (left.ContainsKey(caller.CallSid) || !callers.TryAdd(caller.CallSid, caller))
        {
            return false;
        }

        unwritten[caller.CallSid] = caller;
        Write(caller, joined: true);
        signal.Notify();
        return true;
    }

    /// <summary>Whether anyone waits in <paramref name="line"/>'s queue. On the incoming call's path: no copy of the list.</summary>
    public bool AnyWaiting(string line)
    {
        foreach (var (_, caller) in callers)
        {
            if (caller.Line == line)
            {
                return true;
            }
        }

        return false;
    }

    public void Left(string line, string callSid)
    {
        left[callSid] = time.GetUtcNow();
        callers.TryRemove(callSid, out _);
        unwritten.TryRemove(callSid, out _);
        Write(new WaitingCaller(line, callSid, DateTimeOffset.MinValue), joined: false);
    }

    public bool IsWaiting(string callSid) => callers.ContainsKey(callSid);

    /// <summary>The lines with callers waiting, each with its callers first come first, the line waiting longest first.</summary>
    public IReadOnlyList<(string Line, IReadOnlyList<WaitingCaller> Callers)> ByLine() =>
        [.. callers.Values
            .GroupBy(c => c.Line, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<WaitingCaller>)[.. g.OrderBy(c => c.QueuedAt)]))
            .OrderBy(g => g.Item2[0].QueuedAt)];

    /// <summary>
    /// The caller if they wait in <paramref name="line"/>'s queue: as this instance knows, else as storage has it (another
    /// instance may have seen them join a moment ago). Storage trouble propagates.
    /// </summary>
    public async Task<WaitingCaller?> FindAsync(string line, string callSid, CancellationToken cancellationToken) =>
        callers.TryGetValue(callSid, out var caller) && caller.Line == line
            ? caller
            : left.ContainsKey(callSid) ? null : await store.FindAsync(line, callSid, cancellationToken);

    public IReadOnlyList<WaitingCaller> Of(string line) => [.. callers.Values.Where(c => c.Line == line).OrderBy(c => c.QueuedAt)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writing = WriteAsync(stoppingToken);
        await RefreshAsync(stoppingToken);
        await writing;
    }

    private void Write(WaitingCaller caller, bool joined)
    {
        if (!changes.Writer.TryWrite((caller, joined)))
        {
            LogChangeDropped(logger, caller.CallSid);
        }
    }

    private async Task WriteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (caller, joined) in changes.Reader.ReadAllAsync(stoppingToken))
            {
                while (true)
                {
                    try
                    {
                        if (joined)
                        {
                            await store.AddAsync(caller, stoppingToken);
                            written.Changed(caller.CallSid); // before it stops being unwritten: a read always sees one of the two
                            unwritten.TryRemove(new KeyValuePair<string, WaitingCaller>(caller.CallSid, caller));
                        }
                        else
                        {
                            await store.RemoveAsync(caller.Line, caller.CallSid, stoppingToken);
                        }

                        break;
                    }
                    catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, stoppingToken))
                    {
                        LogWriteFailed(logger, caller.CallSid, ex.GetType().Name);
                        await Task.Delay(RetryAfter, time, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; rows left behind are forgotten in time (Forgotten) or removed when the caller's queue reports them gone.
        }
    }

    // Read as presence is, and as often (see PresenceBoard.FirstRefreshDelay).
    private Task RefreshAsync(CancellationToken stoppingToken) =>
        PeriodicRead.RunAsync(
            PresenceBoard.FirstRefreshDelay, PresenceBoard.RefreshInterval, time, ReadAsync, ex => LogRefreshFailed(logger, ex.GetType().Name), stoppingToken);

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var readStart = written.ReadStarts();
        var stored = await store.ReadAllAsync(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var caller in stored)
        {
            if (now - caller.QueuedAt > Forgotten)
            {
                Left(caller.Line, caller.CallSid);
            }
            else if (!left.ContainsKey(caller.CallSid))
            {
                seen.Add(caller.CallSid);
                callers[caller.CallSid] = caller;
            }
        }

        // Gone from storage (another instance saw them leave), unless our own joining was not written when the read went out.
        foreach (var callSid in callers.Keys.Where(k => !seen.Contains(k) && !unwritten.ContainsKey(k) && !written.ChangedSince(readStart, k)))
        {
            callers.TryRemove(callSid, out _);
        }

        written.Forget(readStart);

        foreach (var (callSid, at) in left.Where(l => now - l.Value > TimeSpan.FromMinutes(5)))
        {
            left.TryRemove(new KeyValuePair<string, DateTimeOffset>(callSid, at));
        }

        signal.Notify();
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Could not store that caller {CallSid} waits or left ({Reason}); trying again.")]
    private static partial void LogWriteFailed(ILogger logger, string callSid, string reason);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Could not read who waits in the queues ({Reason}); going by what this instance knows.")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Error, Message = "Too many queue changes waiting to be stored; one for {CallSid} is kept in memory only.")]
    private static partial void LogChangeDropped(ILogger logger, string callSid);
}
