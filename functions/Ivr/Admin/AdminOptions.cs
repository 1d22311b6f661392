using Microsoft.Extensions.Options;

namespace Ivr.Admin;

/// <summary>Settings under <c>Admin</c>.</summary>
internal sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>
    /// Keys that open the admin API (<c>Admin__ApiKeys__0</c>, <c>Admin__ApiKeys__1</c>, …). Several at once let a key
    /// be rotated: add the new one, move clients over, remove the old one.
    /// </summary>
    public List<string> ApiKeys { get; } = [];

    /// <summary>Admin keys given as their SHA-256 in hex (<c>Admin__ApiKeyHashes__0</c>, …): configuration never holds the key.</summary>
    public List<string> ApiKeyHashes { get; } = [];
}

internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public const int MinKeyLength = 24;

    public static IEnumerable<string> KeyHashErrors(string setting, IEnumerable<string> hashes) =>
        hashes
            .Select((hash, i) => (hash, i))
            .Where(h => !Security.ApiKeySet.IsHash(h.hash.Trim()))
            .Select(h => $"{setting}__{h.i} must be the SHA-256 of a key as 64 hex digits, e.g. from: printf %s \"$key\" | sha256sum");

    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var errors = options.ApiKeys
            .Select((key, i) => (key, i))
            .Where(k => k.key.Trim().Length < MinKeyLength)
            .Select(k => $"Admin__ApiKeys__{k.i} must be at least {MinKeyLength} characters of random text (got {k.key.Trim().Length}); generate one with: openssl rand -hex 32")
            .Concat(KeyHashErrors("Admin__ApiKeyHashes", options.ApiKeyHashes))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
