using Azure.Data.Tables;

namespace Ivr.Handoffs;

/// <summary>
/// The table row of a hand-off, kept apart from <see cref="HandoffFacts"/> and mapped by hand: the columns are a
/// contract with analysts (see the README), and a dictionary entity needs no reflection.
/// </summary>
internal static class HandoffEntityMap
{
    public static TableEntity ToEntity(HandoffKey key, HandoffFacts facts)
    {
        // The key holds the arrival instant, so derived columns never lack it.
        facts = facts.ArrivedAt is null ? facts with { ArrivedAt = key.ArrivedAt } : facts;
        return new TableEntity(key.PartitionKey, key.RowKey)
        {
            ["CallSid"] = key.CallSid,
            ["Line"] = key.Line,
            ["ArrivedAt"] = facts.ArrivedAt,
            ["CallerHash"] = facts.CallerHash,
            ["Route"] = facts.Route,
            ["AnsweredAt"] = facts.Answered?.At,
            ["AnsweredBy"] = facts.Answered?.Value,
            ["AnsweredGroup"] = facts.Answered?.Detail,
            ["TimeToHumanMs"] = facts.TimeToHumanMs,
            ["DialEndedAt"] = facts.DialEnded?.At,
            ["DialStatus"] = facts.DialEnded?.Value,
            ["VoicemailAt"] = facts.Voicemail?.At,
            ["VoicemailUrl"] = facts.Voicemail?.Value,
            ["EndedAt"] = facts.Ended?.At,
            ["EndStatus"] = facts.Ended?.Value,
            ["Outcome"] = facts.Outcome,
            ["WaitMs"] = facts.WaitMs,
        };
    }

    public static HandoffFacts ToFacts(TableEntity entity) => new()
    {
        ArrivedAt = entity.GetDateTimeOffset("ArrivedAt"),
        CallerHash = entity.GetString("CallerHash"),
        Route = entity.GetString("Route"),
        Answered = Stamp(entity, "AnsweredAt", "AnsweredBy") is { } answered ? answered with { Detail = entity.GetString("AnsweredGroup") } : null,
        DialEnded = Stamp(entity, "DialEndedAt", "DialStatus"),
        Voicemail = Stamp(entity, "VoicemailAt", "VoicemailUrl"),
        Ended = Stamp(entity, "EndedAt", "EndStatus"),
    };

    private static Stamped? Stamp(TableEntity entity, string atColumn, string valueColumn) =>
        entity.GetDateTimeOffset(atColumn) is { } at ? new Stamped(at, entity.GetString(valueColumn) ?? string.Empty) : null;
}
