using System.Security.Cryptography;
using System.Text;
using Ivr.Privacy;
using Microsoft.Extensions.Options;

namespace Ivr.Tests.Unit;

/// <summary>Caller numbers become HMAC-SHA256 hex under the configured key, whichever thread and hasher computes them.</summary>
public sealed class CallerHasherTests
{
    [Fact]
    public void TheHashIsHmacSha256InLowercaseHex()
    {
        // RFC 4231, test case 2.
        var hasher = Hasher("Jefe");

        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", hasher.Hash("what do ya want for nothing?"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoNumberHasNoHash(string? number)
    {
        var hasher = Hasher("a-key-long-enough-for-privacy-0001");

        Assert.Null(hasher.Hash(number));
    }

    [Fact]
    public void HashersWithOtherKeysOnTheSameThreadDoNotShareTheirKeyedState()
    {
        var first = Hasher("first-key-first-key-first-key-0001");
        var second = Hasher("second-key-second-key-second-0002");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Expected("first-key-first-key-first-key-0001", "+31612345678"), first.Hash("+31612345678"));
            Assert.Equal(Expected("second-key-second-key-second-0002", "+31612345678"), second.Hash("+31612345678"));
            Assert.Equal(Expected("first-key-first-key-first-key-0001", "+4420" + i), first.Hash("+4420" + i));
        }
    }

    [Fact]
    public void ConcurrentCallersEachGetTheirOwnNumbersHash()
    {
        const string key = "a-key-long-enough-for-privacy-0001";
        var hasher = Hasher(key);
        var numbers = Enumerable.Range(0, 2_000).Select(i => "+3161" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var hashes = new string?[numbers.Length];
        Parallel.For(0, numbers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => hashes[i] = hasher.Hash(numbers[i]));

        Assert.Equal(numbers.Select(number => Expected(key, number)), hashes);
    }

    private static CallerHasher Hasher(string key) => new(Options.Create(new PrivacyOptions { CallerHashKey = key }));

    private static string Expected(string key, string number) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(number)));
}
