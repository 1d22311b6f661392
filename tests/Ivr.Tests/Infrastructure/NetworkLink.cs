using System.Net;
using System.Net.Sockets;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay to a server that a test can cut and restore, like a network outage: while cut, new
/// connections are refused and open ones drop, but the server behind it keeps running and keeps its data.
/// It can also be made slow (<see cref="Delay"/>): every chunk sent towards the server waits that long first, so
/// each request reaches the server at least that much later, like a congested or distant storage account.
/// <see cref="ReplyDelay"/> holds back what the server sends instead: it has answered, and the answer is late.
/// <see cref="Hold"/> stalls it outright: nothing reaches the server, so nothing comes back, until <see cref="Release"/>.
/// </summary>
internal sealed class NetworkLink : IDisposable
{
    private readonly int targetPort;
    private readonly List<TcpClient> connections = [];
    private TcpListener? listener;
    private CancellationTokenSource? running;
    private long delayTicks;
    private long replyDelayTicks;
    private int heldReplies;
    private TaskCompletionSource? hold;

    public NetworkLink(int targetPort)
    {
        this.targetPort = targetPort;
        Restore();
    }

    public int Port { get; } = FreePort.Next();

    /// <summary>How long every chunk towards the server waits before it is relayed; zero (the default) relays at once. Switchable at any time.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set => Interlocked.Exchange(ref delayTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>How long every chunk from the server waits before it is relayed; zero (the default) relays at once. Switchable at any time.</summary>
    public TimeSpan ReplyDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref replyDelayTicks));
        set => Interlocked.Exchange(ref replyDelayTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>Chunks from the server being held back by <see cref="ReplyDelay"/> right now.</summary>
    public int HeldReplies => Volatile.Read(ref heldReplies);

    /// <summary>From now on every chunk towards the server waits until <see cref="Release"/>: storage stalls, and cannot answer.</summary>
    public void Hold() => Interlocked.CompareExchange(ref hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    /// <summary>Relays what <see cref="Hold"/> kept back, and everything after it.</summary>
    public void Release() => Interlocked.Exchange(ref hold, null)?.TrySetResult();

    public void Restore()
    {
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    public void Cut()
    {
        running?.Cancel();
        listener?.Stop();
        lock (connections)
        {
            connections.ForEach(c => c.Dispose());
            connections.Clear();
        }
    }

    public void Dispose()
    {
        Cut();
        running?.Dispose();
    }

    private async Task AcceptAsync(TcpListener accepting, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var client = await accepting.AcceptTcpClientAsync(cancellationToken);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, targetPort, cancellationToken);
                lock (connections)
                {
                    connections.Add(client);
                    connections.Add(server);
                }

                _ = RelayAsync(client, server, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut.
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient server, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAny(
                CopyAsync(client.GetStream(), server.GetStream(), towardsServer: true, cancellationToken),
                CopyAsync(server.GetStream(), client.GetStream(), towardsServer: false, cancellationToken));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Cut, or one side closed.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool towardsServer, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (true)
        {
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            var wait = towardsServer ? Delay : ReplyDelay;
            var held = !towardsServer && wait > TimeSpan.Zero;
            if (held)
            {
                Interlocked.Increment(ref heldReplies);
            }

            try
            {
                if (towardsServer && Volatile.Read(ref hold) is { } stall)
                {
                    await stall.Task.WaitAsync(cancellationToken);
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            finally
            {
                if (held)
                {
                    Interlocked.Decrement(ref heldReplies);
                }
            }
        }
    }
}
