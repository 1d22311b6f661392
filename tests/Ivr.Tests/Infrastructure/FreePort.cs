using System.Net;
using System.Net.Sockets;

namespace Ivr.Tests.Infrastructure;

internal static class FreePort
{
    /// <summary>A loopback port free right now (the OS picks it; a tiny race with other processes remains).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (Environment.TickCount64 < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
