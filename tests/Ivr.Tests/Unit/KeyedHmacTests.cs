using System.Security.Cryptography;
using System.Text;
using Ivr.Security;

namespace Ivr.Tests.Unit;

/// <summary>The per-thread keyed instances give each key and algorithm its own MAC, however many keys take turns.</summary>
public sealed class KeyedHmacTests
{
    [Fact]
    public void SevenKeysTakingTurnsEachGetTheirOwnMac()
    {
        var keys = Enumerable.Range(0, 7).Select(i => $"key-{i}-0123456789abcdef0123456789").ToArray();

        for (var round = 0; round < 3; round++)
        {
            foreach (var key in keys)
            {
                var message = $"round {round} under {key}";
                Assert.Equal(Expected(HashAlgorithmName.SHA256, key, message), Mac(HashAlgorithmName.SHA256, key, message));
            }
        }
    }

    [Fact]
    public void TheSameKeyUnderAnotherAlgorithmIsAnotherMac()
    {
        const string key = "one-key-for-both-0123456789abcdef";

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Expected(HashAlgorithmName.SHA1, key, "hello"), Mac(HashAlgorithmName.SHA1, key, "hello"));
            Assert.Equal(Expected(HashAlgorithmName.SHA256, key, "hello"), Mac(HashAlgorithmName.SHA256, key, "hello"));
        }
    }

    private static string Mac(HashAlgorithmName algorithm, string key, string message)
    {
        Span<byte> mac = stackalloc byte[algorithm == HashAlgorithmName.SHA1 ? HMACSHA1.HashSizeInBytes : HMACSHA256.HashSizeInBytes];
        KeyedHmac.Compute(algorithm, key, message, default, mac);
        return Convert.ToHexStringLower(mac);
    }

#pragma warning disable CA5350 // Twilio signs with HMAC-SHA1, so that is one of the algorithms to check.
    private static string Expected(HashAlgorithmName algorithm, string key, string message) => Convert.ToHexStringLower(
        algorithm == HashAlgorithmName.SHA1
            ? HMACSHA1.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message))
            : HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));
#pragma warning restore CA5350
}
