using System.Threading.Channels;
using Ivr.Telemetry;

namespace Ivr.Handoffs;

/// <summary>
/// The in-process queue between webhooks and the background writer. Webhooks never wait on it: when it is
/// full the update is dropped and logged, because a caller's TwiML matters more than a record.
/// </summary>
internal sealed partial class HandoffQueue(ILogger<HandoffQueue> logger, HandoffDrops drops)
{
    public const int Capacity = 100_000;

    /// <summary>Updates that fill a transaction: once this many are queued, the writer need not wait any longer.</summary>
    public const int FullBatch = HandoffStore.MaxTransactionSize;

    private readonly Channel<HandoffUpdate> channel = Channel.CreateBounded<HandoffUpdate>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Counted here rather than asked of the channel, whose count takes its lock, so a webhook can see cheaply
    // whether it filled a batch.
    private int depth;
    private TaskCompletionSource fullBatch = FullBatchSignal();

    public int Depth => Volatile.Read(ref depth);

    public void Enqueue(HandoffUpdate update)
    {
        // Counted before it is written, so the writer, which may read it at once, never counts below zero.
        var queued = Interlocked.Increment(ref depth);
        if (!channel.Writer.TryWrite(update))
        {
            Interlocked.Decrement(ref depth);
            drops.Count(HandoffMetrics.DropQueueFull);
            LogDropped(logger, update.CallSid, Capacity);
            return;
        }

        if (queued >= FullBatch)
        {
            Volatile.Read(ref fullBatch).TrySetResult();
        }
    }

    public bool TryRead(out HandoffUpdate update)
    {
        if (!channel.Reader.TryRead(out update!))
        {
            return false;
        }

        Interlocked.Decrement(ref depth);
        return true;
    }

    /// <summary>Completes when an update is queued, or with false once the queue is closed.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Completes once a full batch (<see cref="FullBatch"/> updates) is queued: at once if one already is.</summary>
    public Task WhenFullBatchAsync()
    {
        var signal = FullBatchSignal();
        Volatile.Write(ref fullBatch, signal);
        // An update queued before the new signal was in place has seen only the old one.
        if (Depth >= FullBatch)
        {
            signal.TrySetResult();
        }

        return signal.Task;
    }

    private static TaskCompletionSource FullBatchSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Hand-off queue full ({Capacity}); dropped an update for {CallSid}. Storage has been unreachable for a while.")]
    private static partial void LogDropped(ILogger logger, string callSid, int capacity);
}
