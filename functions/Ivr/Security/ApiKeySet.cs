using System.Security.Cryptography;
using System.Text;

namespace Ivr.Security;

/// <summary>
/// A role's API keys, kept only as SHA-256 hashes and compared in constant time: comparing fixed-length hashes
/// keeps the time independent of both the presented key's content and its length.
/// </summary>
internal sealed class ApiKeySet
{
    private const string BearerPrefix = "Bearer ";

    private readonly (byte[] Hash, string Actor)[] keys;

    /// <param name="configuredKeys">Keys as given.</param>
    /// <param name="configuredHashes">Keys given only as their SHA-256, in hex, so configuration never holds the key.</param>
    public ApiKeySet(IEnumerable<string> configuredKeys, IEnumerable<string>? configuredHashes = null) =>
        keys = configuredKeys.Select(k => k.Trim()).Where(k => k.Length > 0).Select(Hash)
            .Concat((configuredHashes ?? []).Select(h => h.Trim()).Where(IsHash).Select(Convert.FromHexString))
            .Select(hash => (hash, Actor(hash)))
            .ToArray();

    /// <summary>Shortest key accepted: keys are random text, not passwords.</summary>
    public const int MinKeyLength = 24;

    /// <summary>What is wrong with a role's <c>{section}__ApiKeys__N</c> and <c>{section}__ApiKeyHashes__N</c> settings.</summary>
    public static IEnumerable<string> ConfigurationErrors(string section, IEnumerable<string> keys, IEnumerable<string> hashes) =>
        keys
            .Select((key, i) => (Length: key.Trim().Length, i))
            .Where(k => k.Length < MinKeyLength)
            .Select(k => $"{section}__ApiKeys__{k.i} must be at least {MinKeyLength} characters of random text (got {k.Length}); generate one with: openssl rand -hex 32")
            .Concat(hashes
                .Select((hash, i) => (hash, i))
                .Where(h => !IsHash(h.hash.Trim()))
                .Select(h => $"{section}__ApiKeyHashes__{h.i} must be the SHA-256 of a key as 64 hex digits, e.g. from: printf %s \"$key\" | sha256sum"));

    /// <summary>A SHA-256 in hex, as <c>…__ApiKeyHashes__N</c> settings hold (<c>printf %s "$key" | sha256sum</c>).</summary>
    public static bool IsHash(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    /// <summary>The hashes of the keys with their fingerprints, for deriving per-key secrets (dashboard sessions).</summary>
    public IEnumerable<(byte[] Hash, string Actor)> Hashes => keys;

    /// <summary>The key in an <c>Authorization: Bearer &lt;key&gt;</c> header, or null when there is none.</summary>
    public static string? BearerKey(string? authorization) =>
        authorization is not null && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim()
            : null;

    /// <summary>A short fingerprint of the matching key (never the key), or null when the key is not one of these.</summary>
    public string? Match(string presentedKey) => MatchHash(Hash(presentedKey));

    /// <summary>As <see cref="Match"/>, for a key already hashed with <see cref="Hash"/> (one hash serves every role's set).</summary>
    public string? MatchHash(byte[] presented)
    {
        string? actor = null;
        foreach (var (hash, name) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                actor = name;
            }
        }

        return actor;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Actor(byte[] hash) => "key " + Convert.ToHexStringLower(hash)[..8];
}
