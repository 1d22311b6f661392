using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ivr.Analytics;

/// <summary>JSON for analytics answers and rollup columns, generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AnalyticsReport))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AnalyticsJson : JsonSerializerContext;
