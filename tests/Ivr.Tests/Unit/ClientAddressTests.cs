using System.Net;
using Ivr.Security;
using Microsoft.AspNetCore.Http;

namespace Ivr.Tests.Unit;

/// <summary>Which address a request counts as coming from: only the last X-Forwarded-For entry is trusted.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData(null, "127.0.0.1")]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:51234", "203.0.113.7")]
    [InlineData("1.2.3.4, 203.0.113.7", "203.0.113.7")]
    [InlineData("evil, 1.2.3.4,203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("[2001:db8:1:2:3:4:5:6]:51234", "2001:db8:1:2::/64")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7, not-an-address", "127.0.0.1")]
    [InlineData("", "127.0.0.1")]
    public void TheLastForwardedEntryCountsElseTheConnection(string? forwardedFor, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (forwardedFor is not null)
        {
            context.Request.Headers[ClientAddress.ForwardedForHeader] = forwardedFor;
        }

        Assert.Equal(expected, ClientAddress.Of(context));
    }

    [Fact]
    public void SeveralForwardedForHeadersCountByTheLastOne()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientAddress.ForwardedForHeader] = new(["198.51.100.1", "203.0.113.7"]);

        Assert.Equal("203.0.113.7", ClientAddress.Of(context));
    }
}
