using System.Diagnostics;

namespace Ivr.Telemetry;

/// <summary>
/// The names Ivr's own signals go by: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both called <c>Ivr</c>, and the attribute keys they use.
/// Caller numbers are never an attribute value; lines (business numbers) are.
/// </summary>
internal static class IvrTelemetry
{
    public const string Name = "Ivr";

    /// <summary>The called line: its E.164 number, or <c>unknown</c>.</summary>
    public const string LineAttribute = "ivr.line";

    /// <summary>What a webhook decided; see <see cref="CallDecisions"/>.</summary>
    public const string DecisionAttribute = "ivr.decision";

    /// <summary><c>open</c>, <c>closed</c> or <c>fallback</c>, as in the hand-off record's <c>Route</c> column.</summary>
    public const string RouteAttribute = "ivr.route";

    /// <summary>Set only on failures, as in OpenTelemetry's semantic conventions.</summary>
    public const string ErrorTypeAttribute = "error.type";

    /// <summary>Static, as activity sources are meant to be: it costs nothing until something listens.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);
}
