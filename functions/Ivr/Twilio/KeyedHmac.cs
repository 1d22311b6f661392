using System.Security.Cryptography;
using System.Text;

namespace Ivr.Twilio;

/// <summary>
/// HMAC-SHA1 instances keyed with an auth token, kept per thread: keying one costs as much as hashing a whole
/// webhook, and <see cref="IncrementalHash.GetHashAndReset(Span{byte})"/> leaves it keyed and ready for the next.
/// </summary>
internal static class KeyedHmac
{
    /// <summary>More tokens than a rotation ever has at once (tests sign with many): start over rather than grow.</summary>
    private const int MaxTokensPerThread = 4;

    [ThreadStatic]
    private static Dictionary<string, IncrementalHash>? byToken;

    /// <summary>HMAC-SHA1 under <paramref name="token"/> of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static void Compute(string token, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> mac)
    {
        var hmac = For(token);
        try
        {
            hmac.AppendData(first);
            hmac.AppendData(second);
            hmac.GetHashAndReset(mac);
        }
        catch
        {
            // Never hand a half-fed instance to the next webhook on this thread.
            byToken!.Remove(token);
            hmac.Dispose();
            throw;
        }
    }

    private static IncrementalHash For(string token)
    {
        var hmacs = byToken ??= new Dictionary<string, IncrementalHash>(StringComparer.Ordinal);
        if (hmacs.TryGetValue(token, out var hmac))
        {
            return hmac;
        }

        if (hmacs.Count >= MaxTokensPerThread)
        {
            foreach (var old in hmacs.Values)
            {
                old.Dispose();
            }

            hmacs.Clear();
        }

#pragma warning disable CA5350 // HMAC-SHA1 is what Twilio signs with; it is the protocol, not our choice.
        hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, Encoding.UTF8.GetBytes(token));
#pragma warning restore CA5350
        hmacs[token] = hmac;
        return hmac;
    }
}
