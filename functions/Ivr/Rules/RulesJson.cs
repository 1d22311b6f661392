using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ivr.Rules;

/// <summary>
/// JSON for rules documents, generated at compile time (trimming and AOT safe). Unknown members are refused, so a
/// misspelt field is reported instead of silently ignored.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(LineRulesDocument))]
internal sealed partial class RulesJson : JsonSerializerContext;
