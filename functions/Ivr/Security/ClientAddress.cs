using System.Net;
using Microsoft.Extensions.Primitives;

namespace Ivr.Security;

/// <summary>
/// The address a request came from, as far as Ivr can trust it. Behind the Functions host, every request reaches Ivr
/// from the host on loopback, and the host's proxy writes the address it received the request from into
/// <c>X-Forwarded-For</c>. Only the last entry of that header is trusted: the one the nearest proxy wrote. Entries
/// before it are whatever the client sent. Without the header (Ivr run on its own) it is the connection's address.
/// IPv6 addresses are taken by their /64 network, since one client holds a whole /64.
/// </summary>
internal static class ClientAddress
{
    public const string ForwardedForHeader = "X-Forwarded-For";

    public static string Of(HttpContext context) =>
        Parse(LastEntry(context.Request.Headers[ForwardedForHeader])) is { } forwarded
            ? Describe(forwarded)
            : context.Connection.RemoteIpAddress is { } remote ? Describe(remote) : "unknown";

    private static string? LastEntry(StringValues header)
    {
        var last = header.Count == 0 ? null : header[header.Count - 1];
        var comma = last?.LastIndexOf(',') ?? -1;
        return comma < 0 ? last : last![(comma + 1)..];
    }

    /// <summary>An entry as proxies write it: <c>203.0.113.7</c>, <c>203.0.113.7:51234</c>, <c>2001:db8::1</c> or <c>[2001:db8::1]:51234</c>.</summary>
    private static IPAddress? Parse(string? entry)
    {
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            return endpoint.Address;
        }

        return IPAddress.TryParse(text, out var address) ? address : null;
    }

    private static string Describe(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
