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

    [ThreadStatic]
    private static Dictionary<(HashAlgorithmName Algorithm, string Key), IncrementalHash>? byKey;

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
            byKey!.Remove((algorithm, key));
            hmac.Dispose();
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
        var hmacs = byKey ??= [];
        if (hmacs.TryGetValue((algorithm, key), out var hmac))
        {
            return hmac;
        }

        if (hmacs.Count >= MaxKeysPerThread)
        {
            foreach (var old in hmacs.Values)
            {
                old.Dispose();
            }

            hmacs.Clear();
        }

        hmac = IncrementalHash.CreateHMAC(algorithm, Encoding.UTF8.GetBytes(key));
        hmacs[(algorithm, key)] = hmac;
        return hmac;
    }
}
