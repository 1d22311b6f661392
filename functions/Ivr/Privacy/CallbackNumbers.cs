using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ivr.Privacy;

/// <summary>
/// Seals the one caller number Ivr must keep, to call back, with AES-GCM under <c>Privacy__CallbackKey</c>. The sealed
/// value is bound to its callback (line and call): copied to another row it no longer opens.
/// </summary>
internal sealed class CallbackNumbers(IOptions<PrivacyOptions> options)
{
    public const int KeyBytes = 32;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    // Read on first use, not when made: a hosted service needs this, and settings are checked (all at once) only later.
    private readonly Lazy<byte[]?> key = new(() => KeyFrom(options.Value.CallbackKey));

    /// <summary>Whether numbers can be sealed: without a key no caller is offered a callback.</summary>
    public bool Configured => key.Value is not null;

    public static byte[]? KeyFrom(string? base64)
    {
        var bytes = new byte[KeyBytes];
        return base64 is not null && Convert.TryFromBase64String(base64.Trim(), bytes, out var written) && written == KeyBytes ? bytes : null;
    }

    /// <summary>nonce ‖ tag ‖ ciphertext, base64.</summary>
    public string Seal(string number, string line, string callSid)
    {
        var plain = Encoding.UTF8.GetBytes(number);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Value ?? throw new InvalidOperationException("Privacy__CallbackKey is not set."), TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Bound(line, callSid));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The number, or null when the value was not sealed for this callback under this key.</summary>
    public string? Open(string sealedValue, string line, string callSid)
    {
        if (key.Value is not { } aesKey)
        {
            return null;
        }

        var bytes = new byte[sealedValue.Length];
        if (!Convert.TryFromBase64String(sealedValue, bytes, out var length) || length < NonceBytes + TagBytes)
        {
            return null;
        }

        var plain = new byte[length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(aesKey, TagBytes);
            aes.Decrypt(bytes.AsSpan(0, NonceBytes), bytes.AsSpan(NonceBytes + TagBytes, plain.Length), bytes.AsSpan(NonceBytes, TagBytes), plain, Bound(line, callSid));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Bound(string line, string callSid) => Encoding.UTF8.GetBytes(line + "\n" + callSid);
}
