using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ivr.AdminConsole;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(WeekRequest))]
[JsonSerializable(typeof(WeekPlan))]
[JsonSerializable(typeof(IReadOnlyList<LineOverview>))]
internal sealed partial class ConsoleJson : JsonSerializerContext
{
    /// <summary>For answers: text as it is (<see cref="Hosting.PlainJson"/>).</summary>
    public static ConsoleJson Plain => field ??= new(Hosting.PlainJson.Options(Default.Options));
}
