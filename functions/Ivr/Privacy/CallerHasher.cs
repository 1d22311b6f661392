using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ivr.Privacy;

/// <summary>
/// Turns a caller's number into HMAC-SHA256(key, number) as lowercase hex: the same caller always maps to the
/// same value (for returning-caller analysis), but the number can't be read back without the key.
/// </summary>
internal sealed class CallerHasher(IOptions<PrivacyOptions> options)
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(options.Value.CallerHashKey ?? string.Empty);

    public string? Hash(string? callerNumber) =>
        string.IsNullOrEmpty(callerNumber)
            ? null
            : Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(callerNumber)));
}
