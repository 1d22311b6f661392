using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ivr.Admin;

/// <summary>A line as listed: enough to pick one, with its version.</summary>
internal sealed record LineSummary(string Number, string Name, int Version, DateTimeOffset ChangedAt, string ChangedBy);

/// <summary>One entry of a line's history.</summary>
internal sealed record VersionSummary(int Version, DateTimeOffset ChangedAt, string ChangedBy, string Change);

/// <summary>One version in full; <see cref="Rules"/> is absent for a deletion.</summary>
internal sealed record VersionDetail(int Version, DateTimeOffset ChangedAt, string ChangedBy, string Change, Rules.LineRulesDocument? Rules);

/// <summary>
/// "What happens if <see cref="From"/> calls at <see cref="At"/>?" <see cref="At"/> is the line's local time
/// (<c>2026-11-28T18:05</c>) or an instant with an offset; now when absent. <see cref="Rules"/> tries a draft instead of
/// the saved rules; <see cref="Digits"/> also shows what follows pressing a menu key.
/// </summary>
internal sealed record DryRunRequest
{
    public string? From { get; init; }

    public string? At { get; init; }

    public string? Digits { get; init; }

    public Rules.LineRulesDocument? Rules { get; init; }
}

/// <summary>One dial of the plan, in order.</summary>
internal sealed record DryRunStep(IReadOnlyList<string> Ring, int? TimeoutSeconds, string Description);

/// <summary>The words Ivr itself speaks on the line: built in, in its language, or the admin's own. The screening prompt names the line.</summary>
internal sealed record DryRunTexts(string LeaveAMessage, string Goodbye, string ThanksForTheMessage, string Closed, string Screening);

/// <summary>The answer Ivr would give, and why.</summary>
internal sealed record DryRunResult(
    string Line,
    string? TimeZone,
    string? LocalTime,
    string Route,
    IReadOnlyList<string> Path,
    string Twiml,
    IReadOnlyList<DryRunStep> Steps,
    string WhenNobodyAnswers,
    string? AfterMenuTwiml,
    DryRunTexts? Texts);

/// <summary>A person of a line and whether they can take a caller now (<c>available</c>, <c>busy</c>, <c>wrap-up</c>, <c>offered</c> or <c>away</c>).</summary>
internal sealed record PersonState(string Person, IReadOnlyList<string> Groups, string State, DateTimeOffset? BusySince, DateTimeOffset? FreeFrom);

/// <summary>A line's people now, and how many callers wait in its queue since when.</summary>
internal sealed record LinePeople(string Line, IReadOnlyList<PersonState> People, IReadOnlyList<DateTimeOffset> WaitingSince)
{
    /// <summary>The callbacks waiting their turn, in place order; never the callers' numbers.</summary>
    public IReadOnlyList<CallbackState> Callbacks { get; init; } = [];
}

/// <summary>A pending callback as admins see it: its place (<paramref name="WaitingSince"/>), attempts so far, and whether it is being tried now.</summary>
internal sealed record CallbackState(DateTimeOffset WaitingSince, DateTimeOffset RequestedAt, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset ExpiresAt, bool InProgress);

/// <summary>An admin marks a person <c>away</c> or <c>available</c>.</summary>
internal sealed record PresenceRequest
{
    public string? Presence { get; init; }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(IReadOnlyList<LineSummary>))]
[JsonSerializable(typeof(IReadOnlyList<VersionSummary>))]
[JsonSerializable(typeof(VersionDetail))]
[JsonSerializable(typeof(DryRunRequest))]
[JsonSerializable(typeof(DryRunResult))]
[JsonSerializable(typeof(Rules.LineRulesDocument))]
[JsonSerializable(typeof(LinePeople))]
[JsonSerializable(typeof(PersonState))]
[JsonSerializable(typeof(PresenceRequest))]
internal sealed partial class AdminJson : JsonSerializerContext
{
    /// <summary>For answers: text as it is (<see cref="Hosting.PlainJson"/>).</summary>
    public static AdminJson Plain => field ??= new(Hosting.PlainJson.Options(Default.Options));
}
