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
}

internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options) =>
        options.CallerHashKey is { Length: >= PrivacyOptions.MinKeyLength }
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Privacy__CallerHashKey is required and must be at least {PrivacyOptions.MinKeyLength} characters: caller numbers are stored only as a keyed hash.");
}
