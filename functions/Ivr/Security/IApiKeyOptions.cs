namespace Ivr.Security;

/// <summary>Settings that hold a role's keys: <c>{section}__ApiKeys__N</c>, and <c>{section}__ApiKeyHashes__N</c> for keys given as their SHA-256.</summary>
internal interface IApiKeyOptions
{
    List<string> ApiKeys { get; }

    List<string> ApiKeyHashes { get; }
}
