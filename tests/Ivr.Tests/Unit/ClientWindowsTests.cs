using Ivr.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ivr.Tests.Unit;

/// <summary>Failed authentications per client address, in bounded memory.</summary>
public sealed class ClientWindowsTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void AnAddressIsRefusedUncheckedOnceItUsedUpItsFailuresAndAgainAfterAMinute()
    {
        var clients = Windows(failuresPerMinute: 3);

        var blockedBefore = Enumerable.Range(0, 3).Select(_ => { var blocked = clients.IsBlocked("203.0.113.1"); clients.Failed("203.0.113.1"); return blocked; }).ToList();
        var blockedAfterThree = clients.IsBlocked("203.0.113.1");
        var otherAddress = clients.IsBlocked("203.0.113.2");
        time.Advance(TimeSpan.FromSeconds(59));
        var stillBlocked = clients.IsBlocked("203.0.113.1");
        var retryAfter = clients.RetryAfter("203.0.113.1");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([false, false, false], blockedBefore);
        Assert.True(blockedAfterThree);
        Assert.False(otherAddress);
        Assert.True(stillBlocked);
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
        Assert.False(clients.IsBlocked("203.0.113.1"));
    }

    [Fact]
    public void AFloodFromMoreAddressesThanTheBoundSharesOneWindowAndMemoryStaysBounded()
    {
        var clients = Windows(failuresPerMinute: 3);

        for (var i = 0; i < ClientWindows.MaxAddresses * 5; i++)
        {
            clients.Failed(Address(i));
        }

        // Past the bound every new address is in the overflow window, which the flood used up.
        Assert.Equal(ClientWindows.MaxAddresses + 1, clients.Count);
        Assert.Equal(ClientWindows.Overflow, clients.PartitionOf("198.51.100.200"));
        Assert.True(clients.IsBlocked("198.51.100.201"));
        Assert.False(clients.IsBlocked(Address(0)));

        // Addresses silent for two minutes are forgotten, and a new one gets a window of its own again.
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("198.51.100.202", clients.PartitionOf("198.51.100.202"));
        Assert.True(clients.Count < 10, $"{clients.Count} addresses kept after all went silent");
    }

    private ClientWindows Windows(int failuresPerMinute) =>
        new(Options.Create(new RateLimitOptions { FailedAuthenticationsPerMinute = failuresPerMinute }), time);

    private static string Address(int i) => $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}";
}
