using Microsoft.Extensions.Options;

namespace Ivr.Privacy;

/// <summary>Settings under <c>Privacy</c>.</summary>
internal sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Shortest key accepted: HMAC-SHA256 wants at least 128 bits of secret.</summary>
    public const int MinKeyLength = 16;

    /// <summary>Key of the keyed hash under which caller numbers are stored (<c>Privacy__CallerHashKey</c>).</summary>
    public string? CallerHashKey { get; set; }

    /// <summary>
    /// Base64 of the 256-bit AES key that seals the numbers of callers waiting for a callback
    /// (<c>Privacy__CallbackKey</c>). Optional: without it, no caller is offered a callback.
    /// </summary>
    public string? CallbackKey { get; set; }
}

internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        if (options.CallerHashKey is not { Length: >= PrivacyOptions.MinKeyLength })
        {
            return ValidateOptionsResult.Fail($"Privacy__CallerHashKey is required and must be at least {PrivacyOptions.MinKeyLength} characters: caller numbers are stored only as a keyed hash.");
        }

        return string.IsNullOrEmpty(options.CallbackKey) || CallbackNumbers.KeyFrom(options.CallbackKey) is not null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Privacy__CallbackKey must be the base64 of a {CallbackNumbers.KeyBytes}-byte key (for example: openssl rand -base64 {CallbackNumbers.KeyBytes}).");
    }
}
