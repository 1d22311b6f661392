using Microsoft.Extensions.Options;

namespace Ivr.Admin;

/// <summary>Settings under <c>Admin</c>.</summary>
internal sealed class AdminOptions : Security.IApiKeyOptions
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
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var errors = Security.ApiKeySet.ConfigurationErrors(AdminOptions.Section, options.ApiKeys, options.ApiKeyHashes).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
