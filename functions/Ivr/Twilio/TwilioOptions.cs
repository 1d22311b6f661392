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

    /// <summary>The account Ivr places calls with, through Twilio's REST API (<c>Twilio__AccountSid</c>): needed by line queues.</summary>
    public string? AccountSid { get; set; }

    /// <summary>An API key to place calls with instead of the auth token (<c>Twilio__ApiKeySid</c>, <c>Twilio__ApiKeySecret</c>).</summary>
    public string? ApiKeySid { get; set; }

    public string? ApiKeySecret { get; set; }

    /// <summary>Where Twilio's REST API is (<c>Twilio__ApiBaseUrl</c>); tests point it at a local stand-in.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.twilio.com");

    public const string ApiBaseUrlSetting = "Twilio__ApiBaseUrl";

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

        errors.AddRange(RestApiErrors(options));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The REST API settings: all optional, but what is given must be usable.</summary>
    private static IEnumerable<string> RestApiErrors(TwilioOptions options)
    {
        if (!string.IsNullOrEmpty(options.AccountSid) && !Sid("AC").IsMatch(options.AccountSid))
        {
            yield return $"Twilio__AccountSid must be the account's SID, AC followed by 32 hexadecimal characters (got '{options.AccountSid}').";
        }

        if (!string.IsNullOrEmpty(options.AccountSid) && options.PublicBaseUrl is null)
        {
            yield return "Twilio__PublicBaseUrl is required with Twilio__AccountSid: the calls Ivr places tell Twilio where to ask for their TwiML.";
        }

        if (!string.IsNullOrEmpty(options.ApiKeySid) && !Sid("SK").IsMatch(options.ApiKeySid))
        {
            yield return $"Twilio__ApiKeySid must be an API key SID, SK followed by 32 hexadecimal characters (got '{options.ApiKeySid}').";
        }

        if (string.IsNullOrEmpty(options.ApiKeySid) != string.IsNullOrEmpty(options.ApiKeySecret))
        {
            yield return "Twilio__ApiKeySid and Twilio__ApiKeySecret go together: give both, or neither to use the auth token.";
        }

        if (!options.ApiBaseUrl.IsAbsoluteUri || options.ApiBaseUrl.Scheme is not ("https" or "http") || options.ApiBaseUrl.AbsolutePath != "/")
        {
            yield return $"Twilio__ApiBaseUrl must be an absolute http(s) URL with no path, such as https://api.twilio.com (got '{options.ApiBaseUrl}').";
        }
    }

    private static System.Text.RegularExpressions.Regex Sid(string prefix) => prefix == "AC" ? AccountSidPattern() : ApiKeySidPattern();

    [System.Text.RegularExpressions.GeneratedRegex("^AC[0-9a-fA-F]{32}\\z")]
    private static partial System.Text.RegularExpressions.Regex AccountSidPattern();

    [System.Text.RegularExpressions.GeneratedRegex("^SK[0-9a-fA-F]{32}\\z")]
    private static partial System.Text.RegularExpressions.Regex ApiKeySidPattern();

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
