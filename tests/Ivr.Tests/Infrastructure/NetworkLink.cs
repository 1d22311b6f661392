using System.Net;
using System.Net.Sockets;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay to a server that a test can cut and restore, like a network outage: while cut, new
/// connections are refused and open ones drop, but the server behind it keeps running and keeps its data.
/// </summary>
internal sealed class NetworkLink : IDisposable
{
    private readonly int targetPort;
    private readonly List<TcpClient> connections = [];
    private TcpListener? listener;
    private CancellationTokenSource? running;

    public NetworkLink(int targetPort)
    {
        this.targetPort = targetPort;
        Restore();
    }

    public int Port { get; } = FreePort.Next();

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

    private static async Task RelayAsync(TcpClient client, TcpClient server, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAny(
                client.GetStream().CopyToAsync(server.GetStream(), cancellationToken),
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
}
