using Microsoft.Extensions.Options;

namespace Ivr.Twilio;

/// <summary>Settings under <c>Twilio</c>: the keys that sign Twilio's requests and the public URL Twilio calls.</summary>
internal sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>The account's primary auth token (<c>Twilio__AuthToken</c>).</summary>
    public string? AuthToken { get; set; }

    /// <summary>A second accepted token while rotating (<c>Twilio__SecondaryAuthToken</c>).</summary>
    public string? SecondaryAuthToken { get; set; }

    /// <summary>
    /// The scheme and host Twilio calls, e.g. <c>https://ivr.example.com</c> (<c>Twilio__PublicBaseUrl</c>).
    /// Signatures are checked against this plus the request's path and query. When unset, forwarded headers are used.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    private TokenSet? tokens;

    /// <summary>The tokens a signature may be made with, primary first: made again only when they change.</summary>
    public IReadOnlyList<string> AuthTokens()
    {
        if (tokens is not { } set || !ReferenceEquals(set.Primary, AuthToken) || !ReferenceEquals(set.Secondary, SecondaryAuthToken))
        {
            string?[] both = [AuthToken, SecondaryAuthToken];
            tokens = set = new(AuthToken, SecondaryAuthToken, [.. both.Where(token => !string.IsNullOrEmpty(token)).Cast<string>()]);
        }

        return set.Tokens;
    }

    private sealed record TokenSet(string? Primary, string? Secondary, string[] Tokens);
}

internal sealed partial class TwilioOptionsValidator(IHostEnvironment environment) : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            errors.Add("Twilio__AuthToken is required: it is the key Twilio signs every webhook with.");
        }

        // Outside development a token that is not a real one would make every signature check fail (or, worse, a
        // well-known placeholder would let anyone sign): refuse to start instead.
        if (!environment.IsDevelopment())
        {
            foreach (var (setting, token) in new[] { ("Twilio__AuthToken", options.AuthToken), ("Twilio__SecondaryAuthToken", options.SecondaryAuthToken) })
            {
                if (!string.IsNullOrWhiteSpace(token) && !LooksLikeAnAuthToken(token))
                {
                    errors.Add($"{setting} is not a Twilio auth token (32 hexadecimal characters, from the Twilio console); placeholders are refused outside Development (ASPNETCORE_ENVIRONMENT).");
                }
            }
        }

        if (options.PublicBaseUrl is { } url && !IsSchemeAndHost(url))
        {
            errors.Add($"Twilio__PublicBaseUrl must be an absolute http(s) URL with no path, query or user info, e.g. https://ivr.example.com (got '{url}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>32 hex digits, not a filler of a few repeated digits such as 000…0 or abab…ab.</summary>
    private static bool LooksLikeAnAuthToken(string token) =>
        AuthTokenPattern().IsMatch(token) && token.Distinct().Count() >= 6;

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-fA-F]{32}\\z")]
    private static partial System.Text.RegularExpressions.Regex AuthTokenPattern();

    private static bool IsSchemeAndHost(Uri url) =>
        url.IsAbsoluteUri
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && url.AbsolutePath == "/"
        && url.Query.Length == 0
        && url.Fragment.Length == 0
        && url.UserInfo.Length == 0;
}
