using Ivr.Presence;
using Ivr.Storage;

namespace Ivr.Queue;

/// <summary>
/// The pending callbacks as this instance last read them, for the dispatcher and the admin view: read again at most
/// every <see cref="PresenceBoard.RefreshInterval"/>, and changed at once by this instance's own changes. Who gets a
/// callback is decided in storage, under its row's ETag, never from this copy alone.
/// </summary>
internal sealed partial class PendingCallbacks(CallbackStore store, Privacy.CallbackNumbers numbers, TimeProvider time, ILogger<PendingCallbacks> logger)
{
    /// <summary>Twilio waits 15 s for a webhook's answer: storage gets a part of it.</summary>
    private static readonly TimeSpan StorageLimit = TimeSpan.FromSeconds(4);

    private readonly Lock gate = new();
    private Dictionary<string, PendingCallback> known = new(StringComparer.Ordinal);

    /// <summary>This instance's changes during a refresh's read, which may have missed them: the refresh keeps them.</summary>
    private readonly ChangesSinceRead changes = new();

    /// <summary>Callbacks that connected while storage did not answer: kept out of every turn, and deleted once it does.</summary>
    private readonly Dictionary<string, PendingCallback> unstoredEnds = new(StringComparer.Ordinal);

    private long readAt = long.MinValue;

    public IReadOnlyList<PendingCallback> Of(string line)
    {
        lock (gate)
        {
            return [.. known.Values.Where(c => c.Line == line).OrderBy(c => c.QueuedAt)];
        }
    }

    public IReadOnlyList<PendingCallback> All()
    {
        lock (gate)
        {
            return [.. known.Values];
        }
    }

    /// <summary>Reads storage again when the last read is older than the refresh interval; keeps the last copy when storage is in trouble.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Without a callback key no callback can exist: nothing to read.
        if (!numbers.Configured || (time.GetElapsedTime(readAt) < PresenceBoard.RefreshInterval && readAt != long.MinValue))
        {
            return;
        }

        readAt = time.GetTimestamp();
        try
        {
            await StoreEndsAsync(cancellationToken);
            var readStart = changes.ReadStarts();
            var stored = await store.ReadAllAsync(cancellationToken);
            lock (gate)
            {
                var read = stored
                    .Where(c => !unstoredEnds.ContainsKey(c.CallSid) && !changes.ChangedSince(readStart, c.CallSid))
                    .ToDictionary(c => c.CallSid, StringComparer.Ordinal);
                // A callback asked for (or changed) while the read was on its way stays as this instance knows it.
                foreach (var (callSid, callback) in known.Where(k => changes.ChangedSince(readStart, k.Key)))
                {
                    read[callSid] = callback;
                }

                known = read;
            }

            changes.Forget(readStart);
        }
        catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, cancellationToken))
        {
            LogRefreshFailed(logger, ex.GetType().Name);
        }
    }

    /// <summary>
    /// A callback that connected though storage did not answer (the caller is talking to the person): never offered
    /// again from this instance, and its row, number and all, deleted at the next refresh storage answers.
    /// </summary>
    public void EndedUnstored(PendingCallback connected)
    {
        lock (gate)
        {
            unstoredEnds[connected.CallSid] = connected;
            known.Remove(connected.CallSid);
        }
    }

    private async Task StoreEndsAsync(CancellationToken cancellationToken)
    {
        PendingCallback[] ends;
        lock (gate)
        {
            ends = [.. unstoredEnds.Values];
        }

        foreach (var end in ends)
        {
            // Whoever's reservation it is now, it has connected: delete it.
            await store.ChangeAsync(end.Line, end.CallSid, c => c with { Ended = end.Ended }, cancellationToken);
            lock (gate)
            {
                unstoredEnds.Remove(end.CallSid);
            }
        }
    }

    /// <summary>Notes a callback as this instance just stored it (or ended it).</summary>
    public void Note(PendingCallback callback)
    {
        lock (gate)
        {
            changes.Changed(callback.CallSid);
            if (callback.Ended is null)
            {
                known[callback.CallSid] = callback;
            }
            else
            {
                known.Remove(callback.CallSid);
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored callback (see <see cref="CallbackStore.ChangeAsync"/>): the callback
    /// as it now is, or null when there is none, the change did not apply, or storage did not answer in time.
    /// </summary>
    public async Task<PendingCallback?> ChangeAsync(string line, string callSid, Func<PendingCallback, PendingCallback?> change, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StorageLimit);
        try
        {
            var changed = await store.ChangeAsync(line, callSid, change, limit.Token);
            if (changed is not null)
            {
                Note(changed);
            }

            return changed;
        }
        catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, cancellationToken))
        {
            LogChangeFailed(logger, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>The callback as storage has it now (another instance may have changed it); this copy's when storage does not answer.</summary>
    public async Task<PendingCallback?> FindAsync(string line, string callSid, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StorageLimit);
        try
        {
            var found = await store.FindAsync(line, callSid, limit.Token);
            lock (gate)
            {
                changes.Changed(callSid);
                if (found is null)
                {
                    known.Remove(callSid);
                }
                else
                {
                    known[callSid] = found;
                }
            }

            return found;
        }
        catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, cancellationToken))
        {
            LogChangeFailed(logger, ex.GetType().Name);
            return Of(line).FirstOrDefault(c => c.CallSid == callSid);
        }
    }

    /// <summary>Whether a callback is known to be waiting its turn on <paramref name="line"/> now: on the incoming call's path, no copy.</summary>
    public bool AnyDue(string line, DateTimeOffset now)
    {
        lock (gate)
        {
            foreach (var (_, callback) in known)
            {
                if (callback.Line == line && callback.IsDue(now))
                {
                    return true;
                }
            }

            return false;
        }
    }

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Could not read the pending callbacks ({Reason}); going by the last copy.")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "Could not read or change a pending callback ({Reason}).")]
    private static partial void LogChangeFailed(ILogger logger, string reason);
}
