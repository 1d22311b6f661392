using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Ivr.Security;

/// <summary>
/// HMAC instances keyed once and kept per thread: keying one in OpenSSL (and its one-shot HMAC, which also looks the
/// algorithm up) costs as much as hashing a whole webhook, and <see cref="IncrementalHash.GetHashAndReset(Span{byte})"/>
/// leaves an instance keyed and ready for the next call. Used for Twilio's signatures and for callers' keyed hashes.
/// </summary>
internal static class KeyedHmac
{
    /// <summary>More keys than a thread ever uses at once (tests sign with many): start over rather than grow.</summary>
    private const int MaxKeysPerThread = 4;

    // A few entries searched in order (string equality compares references first, so the same key is found at once):
    // a dictionary keyed on the pair hashed the whole key on every call, two fifths of the time a webhook's HMACs took
    // (perf, under load).
    [ThreadStatic]
    private static (HashAlgorithmName Algorithm, string Key, IncrementalHash Hmac)[]? byKey;

    [ThreadStatic]
    private static int keys;

    /// <summary>The HMAC under <paramref name="key"/> (UTF-8) of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static void Compute(HashAlgorithmName algorithm, string key, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> mac)
    {
        var hmac = For(algorithm, key);
        try
        {
            hmac.AppendData(first);
            hmac.AppendData(second);
            hmac.GetHashAndReset(mac);
        }
        catch
        {
            // Never hand a half-fed instance to the next call on this thread.
            Forget(hmac);
            throw;
        }
    }

    /// <summary>The same, with <paramref name="first"/> given as text and hashed as its UTF-8 bytes.</summary>
    public static void Compute(HashAlgorithmName algorithm, string key, string first, ReadOnlySpan<byte> second, Span<byte> mac)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(first.Length));
        try
        {
            Compute(algorithm, key, utf8.AsSpan(0, Encoding.UTF8.GetBytes(first, utf8)), second, mac);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private static IncrementalHash For(HashAlgorithmName algorithm, string key)
    {
        var entries = byKey ??= new (HashAlgorithmName, string, IncrementalHash)[MaxKeysPerThread];
        for (var i = 0; i < keys; i++)
        {
            ref var entry = ref entries[i];
            if (entry.Key == key && entry.Algorithm == algorithm)
            {
                return entry.Hmac;
            }
        }

        if (keys == MaxKeysPerThread)
        {
            for (var i = 0; i < keys; i++)
            {
                entries[i].Hmac.Dispose();
                entries[i] = default;
            }

            keys = 0;
        }

        var hmac = IncrementalHash.CreateHMAC(algorithm, Encoding.UTF8.GetBytes(key));
        entries[keys++] = (algorithm, key, hmac);
        return hmac;
    }

    private static void Forget(IncrementalHash hmac)
    {
        var entries = byKey!;
        for (var i = 0; i < keys; i++)
        {
            if (ReferenceEquals(entries[i].Hmac, hmac))
            {
                // The last entry takes its place; the order of the entries does not matter.
                entries[i] = entries[--keys];
                entries[keys] = default;
                break;
            }
        }

        hmac.Dispose();
    }
}
