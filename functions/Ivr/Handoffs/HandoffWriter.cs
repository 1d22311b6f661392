using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Ivr.Storage;
using Ivr.Telemetry;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Ivr.Handoffs;

/// <summary>
/// Moves hand-off updates from the queue into Table Storage, off the call path. Updates for the same call are
/// merged before writing; rows of one line go in one transaction; every write is guarded by the row's ETag so two
/// writers (or two instances) never lose each other's facts. Updates that cannot be written yet stay pending and
/// are tried again, and whatever is pending when the host stops is flushed first. A row storage keeps refusing is
/// written without the text callbacks reported; only if storage refuses that too is it given up.
/// </summary>
internal sealed partial class HandoffWriter(
    HandoffQueue queue,
    HandoffStore store,
    IOptions<HandoffOptions> options,
    TimeProvider time,
    HandoffMetrics metrics,
    HandoffDrops drops,
    IRecordFigures figures,
    ILogger<HandoffWriter> logger) : BackgroundService
{
    /// <summary>Calls kept pending at most; beyond this the queue fills and then drops (see <see cref="HandoffQueue"/>).</summary>
    public const int MaxPending = 100_000;

    private const int MaxCached = 50_000;
    private const int LookupParallelism = 16;

    /// <summary>
    /// Transactions in flight at once. The writer's time goes to waiting on transactions; different calls' rows
    /// never conflict, so a few at once multiply the rate, and more would only queue inside storage.
    /// </summary>
    private const int WritesInFlight = 4;
    private const int MaxRejections = 5;
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan UnresolvedRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnresolvedGiveUpAfter = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ShutdownFlushBudget = TimeSpan.FromSeconds(10);

    // Guards pending, known and conflicted while transactions complete concurrently.
    private readonly Lock state = new();
    private readonly Dictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private int pendingCalls;
    private int storageReachable = 1;
    private bool conflicted;

    // How long the write pipeline's circuit stays open, when the last flush met it open.
    private TimeSpan? circuitOpenFor;

    // After an outage one transaction probes alone: a half-open circuit lets one through, and the others failing at
    // once would cancel it.
    private int writesInFlight = WritesInFlight;
    private readonly Dictionary<string, Known> known = new(StringComparer.Ordinal);

    /// <summary>Calls whose updates are held, waiting to be written (read by the health endpoint).</summary>
    public int PendingCalls => Volatile.Read(ref pendingCalls);

    /// <summary>Whether the last write attempt reached storage.</summary>
    public bool StorageReachable => Volatile.Read(ref storageReachable) == 1;

    private enum FlushResult
    {
        /// <summary>Everything that could be written was written.</summary>
        Clean,

        /// <summary>Some updates wait for their call's record to appear (written by another instance, or late).</summary>
        Waiting,

        /// <summary>Storage is unreachable; back off.</summary>
        Outage,

        /// <summary>
        /// A transaction met a row that changed or already exists (409/412) and was rolled back: read and write again at
        /// once. Only the failing row of a transaction is known, so waiting between rounds would settle one row per wait.
        /// </summary>
        Conflicted,
    }

    /// <summary>The span of one table transaction (a child of nothing: the writer runs on its own).</summary>
    public const string WriteActivityName = "ivr.handoffs.write";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObserveBuffer(queue, this);
        var backoff = TimeSpan.Zero;
        try
        {
            while (true)
            {
                if (pending.Count == 0)
                {
                    if (!await queue.WaitToReadAsync(stoppingToken))
                    {
                        break;
                    }

                    await GatherAsync(stoppingToken);
                }

                Drain();
                var result = await FlushAsync(stoppingToken);
                Volatile.Write(ref pendingCalls, pending.Count);
                Volatile.Write(ref storageReachable, result == FlushResult.Outage ? 0 : 1);
                switch (result)
                {
                    case FlushResult.Clean:
                    case FlushResult.Conflicted:
                        backoff = TimeSpan.Zero;
                        break;
                    case FlushResult.Waiting:
                        backoff = TimeSpan.Zero;
                        await WaitForInputAsync(UnresolvedRetryDelay, stoppingToken);
                        break;
                    case FlushResult.Outage:
                        // Failed attempts lengthen the wait; an open circuit (opened by several writes failing at
                        // once) only says when it lets the next probe through, so it never stretches the wait further.
                        var wait = circuitOpenFor is { } retryAfter
                            ? TimeSpan.FromTicks(Math.Max(retryAfter.Ticks, Math.Max(backoff.Ticks, MinBackoff.Ticks)))
                            : backoff = backoff == TimeSpan.Zero ? MinBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                        LogOutage(logger, pending.Count, queue.Depth, (long)wait.TotalMilliseconds);
                        await Task.Delay(wait, time, stoppingToken);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: flush below.
        }

        await FlushOnShutdownAsync();
    }

    private async Task FlushOnShutdownAsync()
    {
        using var budget = new CancellationTokenSource(ShutdownFlushBudget, time);
        Drain();
        try
        {
            while (pending.Count > 0 && !budget.IsCancellationRequested)
            {
                var result = await FlushAsync(budget.Token);
                if (result == FlushResult.Waiting)
                {
                    break; // Records that have not appeared yet will not appear in the next few seconds either.
                }

                if (result == FlushResult.Outage)
                {
                    await Task.Delay(MinBackoff, time, budget.Token);
                }

                Drain();
            }
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            // Out of time; what is left is reported below.
        }

        if (pending.Count > 0)
        {
            LogLostOnShutdown(logger, pending.Count);
        }
        else
        {
            LogFlushedOnShutdown(logger);
        }
    }

    /// <summary>
    /// Waits out the batch window, or less once a full transaction's worth is queued. Under load that writes updates
    /// within milliseconds, instead of holding thousands of them through the window, where each one that outlives a
    /// garbage collection is copied into an older generation and makes the pauses that hold up calls longer.
    /// </summary>
    private async Task GatherAsync(CancellationToken stoppingToken)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(Task.Delay(options.Value.BatchWindow, time, window.Token), queue.WhenFullBatchAsync());
        window.Cancel(); // the window's timer, when the batch filled first
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>Moves queued updates into the pending set, merging updates of the same call.</summary>
    private void Drain()
    {
        while (pending.Count < MaxPending && queue.TryRead(out var update))
        {
            if (pending.TryGetValue(update.CallSid, out var existing))
            {
                existing.Key ??= update.Key;
                existing.Facts = existing.Facts.Merge(update.Facts);
            }
            else
            {
                pending[update.CallSid] = new Pending(update.Line, update.Key, update.Facts, time.GetUtcNow());
            }
        }
    }

    private async Task<FlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        conflicted = false;
        try
        {
            await LoadUnknownRecordsAsync(cancellationToken);
            await WriteAsync(cancellationToken);
            writesInFlight = WritesInFlight;
        }
        catch (Exception ex) when (StorageFailures.IsOutage(ex))
        {
            circuitOpenFor = (ex as BrokenCircuitException)?.RetryAfter;
            writesInFlight = 1;
            return FlushResult.Outage;
        }
        finally
        {
            TrimKnown();
        }

        return pending.Count == 0 ? FlushResult.Clean : conflicted ? FlushResult.Conflicted : FlushResult.Waiting;
    }

    /// <summary>
    /// Learns the current row of each pending call not seen recently: a point read when the key is known, a range
    /// scan of the line when it is not. A call's first update (the incoming webhook) needs no read: it is new.
    /// </summary>
    private async Task LoadUnknownRecordsAsync(CancellationToken cancellationToken)
    {
        var lookups = pending
            .Where(p => !known.ContainsKey(p.Key))
            .Where(p => p.Value.Key is null || p.Value.Facts.Route is null || p.Value.Conflicted)
            .Select(p => (CallSid: p.Key, p.Value.Line, p.Value.Key))
            .ToList();
        if (lookups.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var found = new ConcurrentDictionary<string, StoredHandoff?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            lookups,
            new ParallelOptions { MaxDegreeOfParallelism = LookupParallelism, CancellationToken = cancellationToken },
            async (lookup, ct) => found[lookup.CallSid] = lookup.Key is { } key
                ? await store.GetAsync(key, ct)
                : await store.FindAsync(lookup.Line, lookup.CallSid, now, ct));

        foreach (var (callSid, stored) in found)
        {
            if (stored is not null)
            {
                known[callSid] = new Known(stored.Key, stored.Facts, stored.ETag, now);
            }
            else if (pending[callSid].Key is { } key)
            {
                known[callSid] = new Known(key, new HandoffFacts(), null, now);
            }
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var writes = new List<(string CallSid, HandoffWrite Row)>();
        foreach (var (callSid, update) in pending.ToList())
        {
            var current = known.GetValueOrDefault(callSid)
                ?? (update.Key is { } key && !update.Conflicted ? new Known(key, new HandoffFacts(), null, now) : null);
            if (current is null)
            {
                if (now - update.FirstSeen > UnresolvedGiveUpAfter)
                {
                    pending.Remove(callSid);
                    drops.Count(HandoffMetrics.DropNeverRecorded);
                    LogUnresolvedDropped(logger, callSid, update.Line);
                }

                continue;
            }

            // What storage kept refusing came with the pending updates (the stored row was accepted), so only they lose their text.
            var merged = current.Facts.Merge(update.WithoutFreeText ? update.Facts.WithoutFreeText() : update.Facts);
            if (current.ETag is not null && merged == current.Facts)
            {
                Settle(callSid); // A duplicate callback: nothing new to write.
                continue;
            }

            writes.Add((callSid, new HandoffWrite(current.Key, merged, current.ETag)));
        }

        var chunks = writes
            .GroupBy(w => w.Row.Key.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(HandoffStore.MaxTransactionSize))
            .ToList();
        await Parallel.ForEachAsync(
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = writesInFlight, CancellationToken = cancellationToken },
            async (chunk, ct) => await WriteChunkAsync(chunk, ct));
    }

    private async Task WriteChunkAsync((string CallSid, HandoffWrite Row)[] chunk, CancellationToken cancellationToken)
    {
        using var activity = IvrTelemetry.ActivitySource.StartActivity(WriteActivityName);
        activity?.SetTag(IvrTelemetry.LineAttribute, chunk[0].Row.Key.Line);
        activity?.SetTag("ivr.handoffs.rows", chunk.Length);
        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();
        string? errorType = null;
        var written = false;
        try
        {
            var etags = await store.SaveAsync(chunk.Select(c => c.Row).ToList(), cancellationToken);
            var now = time.GetUtcNow();
            lock (state)
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    var (callSid, row) = chunk[i];
                    known[callSid] = new Known(row.Key, row.Facts, etags[i], now);
                    Settle(callSid);
                }
            }

            written = true;
        }
        catch (RequestFailedException ex) when (!StorageFailures.IsOutage(ex))
        {
            errorType = ex.Status is 409 or 412 ? HandoffMetrics.ErrorConflict : HandoffMetrics.ErrorRejected;
            lock (state)
            {
                Rejected(chunk, ex);
            }
        }
        catch (Exception ex) when (ex is not RequestFailedException || StorageFailures.IsOutage(ex))
        {
            // An outage (or the host stopping): the flush backs off and tries again; only counted here.
            errorType = ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? HandoffMetrics.ErrorCanceled : HandoffMetrics.ErrorUnavailable;
            throw;
        }
        finally
        {
            metrics.Wrote(chunk.Length, errorType, time.GetElapsedTime(started));
            if (errorType is not null)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
                activity?.SetTag(IvrTelemetry.ErrorTypeAttribute, errorType);
            }
        }

        if (written)
        {
            await NoteLateAsync(chunk, startedAt, cancellationToken);
        }
    }

    /// <summary>Done with a call's pending updates; counts the drop when they went without their free text.</summary>
    private void Settle(string callSid)
    {
        if (pending.Remove(callSid, out var settled) && settled.WithoutFreeText)
        {
            drops.Count(HandoffMetrics.DropFreeTextRejected);
        }
    }

    /// <summary>
    /// Counts the rows written after their figures were final: judged by when the write started, since a write that
    /// started in time is still seen by the rollup (<see cref="IRecordFigures"/>).
    /// </summary>
    private async Task NoteLateAsync((string CallSid, HandoffWrite Row)[] chunk, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        foreach (var (callSid, row) in chunk)
        {
            if (figures.FinalAt(row.Key) is not { } finalAt || startedAt <= finalAt)
            {
                continue;
            }

            metrics.Late();
            LogLate(logger, callSid, row.Key.Line, (long)(startedAt - finalAt).TotalSeconds);
            try
            {
                await figures.NoteLateAsync(row.Key, startedAt, cancellationToken);
            }
            catch (Exception ex) when (StorageFailures.IsTrouble(ex))
            {
                // The record is written; only the summary's count of late records misses it. The metric has it.
                LogLateNotNoted(logger, callSid, ex.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Another writer changed a row first (409/412), or storage refused one row: the whole transaction was rolled
    /// back. Forget what we knew of the failing row so it is read again; the rest go next round. A row refused
    /// <see cref="MaxRejections"/> times is tried without its free text, and given up if that is refused as often.
    /// </summary>
    private void Rejected((string CallSid, HandoffWrite Row)[] chunk, RequestFailedException ex)
    {
        var failedIndex = (ex as TableTransactionFailedException)?.FailedTransactionActionIndex ?? 0;
        var (callSid, _) = chunk[Math.Clamp(failedIndex, 0, chunk.Length - 1)];
        known.Remove(callSid);
        if (!pending.TryGetValue(callSid, out var rejected))
        {
            return;
        }

        rejected.Conflicted = true;
        if (ex.Status is 409 or 412)
        {
            conflicted = true;
        }
        else if (++rejected.Rejections < MaxRejections)
        {
            // Tried again next round.
        }
        else if (!rejected.WithoutFreeText)
        {
            // Whatever storage objects to, the moments and the outcome are worth more than the text that came with them.
            rejected.WithoutFreeText = true;
            rejected.Rejections = 0;
            LogRefusedFreeText(logger, ex, callSid, ex.Status);
        }
        else
        {
            pending.Remove(callSid);
            drops.Count(HandoffMetrics.DropRejected);
            LogRejected(logger, ex, callSid, ex.Status);
        }
    }

    private async Task WaitForInputAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(delay);
        try
        {
            await queue.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Delay elapsed: look for the missing records again.
        }
    }

    /// <summary>Keeps the memory of recent rows bounded, forgetting the least recently written.</summary>
    private void TrimKnown()
    {
        if (known.Count <= MaxCached)
        {
            return;
        }

        foreach (var callSid in known.OrderBy(k => k.Value.Touched).Take(known.Count - (MaxCached / 2)).Select(k => k.Key).ToList())
        {
            known.Remove(callSid);
        }
    }

    /// <summary>Facts waiting to be written for one call.</summary>
    private sealed class Pending(string line, HandoffKey? key, HandoffFacts facts, DateTimeOffset firstSeen)
    {
        public string Line { get; } = line;

        public HandoffKey? Key { get; set; } = key;

        public HandoffFacts Facts { get; set; } = facts;

        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public int Rejections { get; set; }

        /// <summary>Storage kept refusing these facts: write them without their free text (<see cref="HandoffFacts.WithoutFreeText"/>).</summary>
        public bool WithoutFreeText { get; set; }

        /// <summary>A write met a different row than expected: read it before writing again.</summary>
        public bool Conflicted { get; set; }
    }

    /// <summary>A row as this writer last saw it; a null ETag means it is not in the table yet.</summary>
    private sealed record Known(HandoffKey Key, HandoffFacts Facts, ETag? ETag, DateTimeOffset Touched);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Storage unavailable: {PendingCalls} calls pending, {QueueDepth} updates queued; retrying in {BackoffMs} ms.")]
    private static partial void LogOutage(ILogger logger, int pendingCalls, int queueDepth, long backoffMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Dropped updates for {CallSid} on line {Line}: its record never appeared (no incoming webhook seen for it).")]
    private static partial void LogUnresolvedDropped(ILogger logger, string callSid, string line);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Storage refused the record of {CallSid} ({Status}); dropped after repeated attempts.")]
    private static partial void LogRejected(ILogger logger, Exception exception, string callSid, int status);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Error, Message = "Storage refused the record of {CallSid} ({Status}) repeatedly; writing it without the text callbacks reported.")]
    private static partial void LogRefusedFreeText(ILogger logger, Exception exception, string callSid, int status);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Hand-off records flushed on shutdown.")]
    private static partial void LogFlushedOnShutdown(ILogger logger);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "Stopping with {PendingCalls} calls' hand-off updates not written.")]
    private static partial void LogLostOnShutdown(ILogger logger, int pendingCalls);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "The record of {CallSid} on line {Line} was written {SecondsLate} s after its hour's figures were final: counted as late, not in the rollups.")]
    private static partial void LogLate(ILogger logger, string callSid, string line, long secondsLate);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "Could not note the late record of {CallSid} for the analytics summary ({Reason}).")]
    private static partial void LogLateNotNoted(ILogger logger, string callSid, string reason);
}
