using System.Security.Cryptography;
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

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        KeyedHmac.Compute(HashAlgorithmName.SHA256, key, callerNumber, default, mac);
        return Convert.ToHexStringLower(mac);
    }
}
