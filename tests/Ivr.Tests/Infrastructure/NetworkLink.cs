using System.Net;
using System.Net.Sockets;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay to a server that a test can cut and restore, like a network outage: while cut, new
/// connections are refused and open ones drop, but the server behind it keeps running and keeps its data.
/// It can also be made slow (<see cref="Delay"/>): every chunk sent towards the server waits that long first, so
/// each request reaches the server at least that much later, like a congested or distant storage account.
/// </summary>
internal sealed class NetworkLink : IDisposable
{
    private readonly int targetPort;
    private readonly List<TcpClient> connections = [];
    private TcpListener? listener;
    private CancellationTokenSource? running;
    private long delayTicks;

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
                CopyAsync(client.GetStream(), server.GetStream(), delayed: true, cancellationToken),
                server.GetStream().CopyToAsync(client.GetStream(), cancellationToken));
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

    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool delayed, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (true)
        {
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            if (delayed && Delay is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}
