using System.Threading.Channels;
using Ivr.Telemetry;

namespace Ivr.Handoffs;

/// <summary>
/// The in-process queue between webhooks and the background writer. Webhooks never wait on it: when it is
/// full the update is dropped and logged, because a caller's TwiML matters more than a record.
/// </summary>
internal sealed partial class HandoffQueue(ILogger<HandoffQueue> logger, HandoffMetrics metrics)
{
    public const int Capacity = 100_000;

    private readonly Channel<HandoffUpdate> channel = Channel.CreateBounded<HandoffUpdate>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<HandoffUpdate> Reader => channel.Reader;

    private long dropped;

    public int Depth => channel.Reader.Count;

    /// <summary>Updates dropped because the queue was full, since the process started.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public void Enqueue(HandoffUpdate update)
    {
        if (!channel.Writer.TryWrite(update))
        {
            Interlocked.Increment(ref dropped);
            metrics.Dropped(HandoffMetrics.DropQueueFull);
            LogDropped(logger, update.CallSid, Capacity);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Hand-off queue full ({Capacity}); dropped an update for {CallSid}. Storage has been unreachable for a while.")]
    private static partial void LogDropped(ILogger logger, string callSid, int capacity);
}
