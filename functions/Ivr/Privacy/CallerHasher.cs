using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ivr.Privacy;

/// <summary>
/// Turns a caller's number into HMAC-SHA256(key, number) as lowercase hex: the same caller always maps to the
/// same value (for returning-caller analysis), but the number can't be read back without the key.
/// </summary>
internal sealed class CallerHasher(IOptions<PrivacyOptions> options) : IDisposable
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(options.Value.CallerHashKey ?? string.Empty);

    // One keyed instance per thread: OpenSSL's one-shot HMAC looks the algorithm up and keys a new context on every
    // call, which costs more than twice the hash of a phone number. GetHashAndReset leaves the instance keyed.
    private readonly ThreadLocal<IncrementalHash?> keyedPerThread = new(trackAllValues: true);

    public string? Hash(string? callerNumber)
    {
        if (string.IsNullOrEmpty(callerNumber))
        {
            return null;
        }

        var hmac = keyedPerThread.Value ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        try
        {
            hmac.AppendData(Encoding.UTF8.GetBytes(callerNumber));
            hmac.GetHashAndReset(mac);
        }
        catch
        {
            // Never leave a half-fed instance for the next call on this thread.
            keyedPerThread.Value = null;
            hmac.Dispose();
            throw;
        }

        return Convert.ToHexStringLower(mac);
    }

    public void Dispose()
    {
        foreach (var hmac in keyedPerThread.Values)
        {
            hmac?.Dispose();
        }

        keyedPerThread.Dispose();
    }
}
