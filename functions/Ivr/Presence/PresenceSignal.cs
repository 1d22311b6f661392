using System.Threading.Channels;

namespace Ivr.Presence;

/// <summary>
/// Wakes the dispatcher when someone may have become free or a caller started waiting; many notices before it wakes
/// count as one.
/// </summary>
internal sealed class PresenceSignal
{
    private readonly Channel<bool> notices = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => notices.Writer.TryWrite(true);

    /// <summary>Completes at the next notice, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await notices.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: a sweep is due anyway.
        }
    }
}
