using System.Security.Cryptography;
using System.Text;
using Ivr.Security;
using Microsoft.Extensions.Options;

namespace Ivr.Privacy;

/// <summary>
/// Turns a caller's number into HMAC-SHA256(key, number) as lowercase hex: the same caller always maps to the
/// same value (for returning-caller analysis), but the number can't be read back without the key.
/// </summary>
internal sealed class CallerHasher(IOptions<PrivacyOptions> options)
{
    private readonly string key = options.Value.CallerHashKey ?? string.Empty;

    public string? Hash(string? callerNumber)
    {
        if (string.IsNullOrEmpty(callerNumber))
        {
            return null;
        }

        // A number is a few dozen bytes; anything longer than the stack buffer is not one, but still hashes.
        var maxBytes = Encoding.UTF8.GetMaxByteCount(callerNumber.Length);
        Span<byte> number = maxBytes <= 256 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        KeyedHmac.Compute(HashAlgorithmName.SHA256, key, number[..Encoding.UTF8.GetBytes(callerNumber, number)], default, mac);
        return Convert.ToHexStringLower(mac);
    }
}
