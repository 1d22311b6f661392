using Microsoft.Extensions.Options;

namespace Ivr.Security;

/// <summary>
/// What Ivr remembers of client addresses that are not signed in: their failed authentications in the current
/// one-minute window, and whether they are recent enough to keep a rate-limit window of their own. The memory is
/// bounded: at most <see cref="MaxAddresses"/> addresses, each forgotten two minutes after its last request. Past the
/// bound, new addresses share one window (<see cref="Overflow"/>), so a flood from many addresses costs a fixed amount
/// of memory and is limited as one client.
/// </summary>
internal sealed class ClientWindows(IOptions<RateLimitOptions> options, TimeProvider time)
{
    public const int MaxAddresses = 10_000;

    /// <summary>The shared window of addresses that did not fit.</summary>
    public const string Overflow = "(overflow)";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Client> clients = new(StringComparer.Ordinal);
    private long lastSweep;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return clients.Count;
            }
        }
    }

    /// <summary>The window an unauthenticated request from <paramref name="address"/> counts in.</summary>
    public string PartitionOf(string address)
    {
        lock (gate)
        {
            return Track(address).Key;
        }
    }

    /// <summary>
    /// Whether <paramref name="address"/> used up its failed authentications for this window: then a credential it
    /// presents is not even checked, so guessing stays slow even for a guess that would be right.
    /// </summary>
    public bool IsBlocked(string address)
    {
        lock (gate)
        {
            var client = Track(address).Client;
            return InWindow(client) && client.Failures >= options.Value.FailedAuthenticationsPerMinute;
        }
    }

    /// <summary>Counts a credential from <paramref name="address"/> that matched nothing.</summary>
    public void Failed(string address)
    {
        lock (gate)
        {
            var client = Track(address).Client;
            if (!InWindow(client))
            {
                client.WindowStart = time.GetTimestamp();
                client.Failures = 0;
            }

            client.Failures++;
        }
    }

    /// <summary>How long until <paramref name="address"/>'s window starts over.</summary>
    public TimeSpan RetryAfter(string address)
    {
        lock (gate)
        {
            var left = Window - time.GetElapsedTime(Track(address).Client.WindowStart);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    private bool InWindow(Client client) => client.Failures > 0 && time.GetElapsedTime(client.WindowStart) < Window;

    private (string Key, Client Client) Track(string address)
    {
        var now = time.GetTimestamp();
        if (!clients.TryGetValue(address, out var client))
        {
            if (clients.Count >= MaxAddresses)
            {
                Sweep(now);
            }

            var key = clients.Count < MaxAddresses ? address : Overflow;
            if (!clients.TryGetValue(key, out client))
            {
                // The overflow window is one more entry beyond the bound, kept like any other.
                client = new Client();
                clients[key] = client;
            }

            address = key;
        }

        client.LastSeen = now;
        return (address, client);
    }

    /// <summary>Forgets addresses silent for <see cref="ForgetAfter"/>; at most once a second, as it reads them all.</summary>
    private void Sweep(long now)
    {
        if (lastSweep != 0 && time.GetElapsedTime(lastSweep, now) < SweepEvery)
        {
            return;
        }

        lastSweep = now;
        foreach (var (address, client) in clients)
        {
            if (time.GetElapsedTime(client.LastSeen, now) >= ForgetAfter)
            {
                clients.Remove(address);
            }
        }
    }

    private sealed class Client
    {
        public long LastSeen { get; set; }

        public long WindowStart { get; set; }

        public int Failures { get; set; }
    }
}
