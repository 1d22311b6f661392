using Azure.Data.Tables;
using Ivr.Storage;

namespace Ivr.Handoffs;

/// <summary>
/// The table row of a hand-off, kept apart from <see cref="HandoffFacts"/> and mapped by hand: the columns are a
/// contract with analysts (docs/records.md), and a dictionary entity needs no reflection. Every string column goes
/// through <see cref="StoredText.Bound"/>, so no value a callback brings can make storage refuse the row.
/// </summary>
internal static class HandoffEntityMap
{
    public static TableEntity ToEntity(HandoffKey key, HandoffFacts facts)
    {
        // The key holds the arrival instant, so derived columns never lack it.
        facts = facts.ArrivedAt is null ? facts with { ArrivedAt = key.ArrivedAt } : facts;
        var entity = new TableEntity(key.PartitionKey, key.RowKey);
        Set(entity, "CallSid", key.CallSid);
        Set(entity, "Line", key.Line);

        // Unset columns are left out rather than sent as null: Table Storage stores no nulls anyway, a replace
        // removes what is absent, and a call's first row is then half the size on the wire and in storage.
        Set(entity, "ArrivedAt", facts.ArrivedAt);
        Set(entity, "CallerHash", facts.CallerHash);
        Set(entity, "Route", facts.Route);
        Set(entity, "AnsweredAt", facts.Answered?.At);
        Set(entity, "AnsweredBy", facts.Answered?.Value);
        Set(entity, "AnsweredGroup", facts.Answered?.Detail);
        Set(entity, "TimeToHumanMs", facts.TimeToHumanMs);
        Set(entity, "DialEndedAt", facts.DialEnded?.At);
        Set(entity, "DialStatus", facts.DialEnded?.Value);
        Set(entity, "VoicemailAt", facts.Voicemail?.At);
        Set(entity, "VoicemailUrl", facts.Voicemail?.Value);
        Set(entity, "EndedAt", facts.Ended?.At);
        Set(entity, "EndStatus", facts.Ended?.Value);
        Set(entity, "Outcome", facts.Outcome);
        Set(entity, "WaitMs", facts.WaitMs);
        Set(entity, "QueuedAt", facts.Queued?.At);
        Set(entity, "QueueLeftAt", facts.QueueLeft?.At);
        Set(entity, "QueueResult", facts.QueueLeft?.Value);
        Set(entity, "QueueWaitMs", facts.QueueWaitMs);
        Set(entity, "CallbackRequestedAt", facts.CallbackRequested?.At);
        for (var n = 1; n <= (facts.CallbackAttempts?.Count ?? 0); n++)
        {
            Set(entity, $"CallbackAttempt{n}At", facts.CallbackAttempts![n]?.At);
            Set(entity, $"CallbackAttempt{n}Result", facts.CallbackAttempts[n]?.Value);
        }

        Set(entity, "CallbackEndedAt", facts.CallbackEnded?.At);
        Set(entity, "CallbackResult", facts.CallbackEnded?.Value);
        return entity;
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
        Queued = entity.GetDateTimeOffset("QueuedAt") is { } queuedAt ? new Stamped(queuedAt, "queued") : null,
        QueueLeft = Stamp(entity, "QueueLeftAt", "QueueResult"),
        CallbackRequested = entity.GetDateTimeOffset("CallbackRequestedAt") is { } requestedAt ? new Stamped(requestedAt, "requested") : null,
        CallbackAttempts = Attempts(entity),
        CallbackEnded = Stamp(entity, "CallbackEndedAt", "CallbackResult"),
    };

    private static CallbackAttempts? Attempts(TableEntity entity)
    {
        CallbackAttempts? attempts = null;
        for (var n = 1; n <= Rules.RuleLimits.MaxCallbackAttempts; n++)
        {
            if (Stamp(entity, $"CallbackAttempt{n}At", $"CallbackAttempt{n}Result") is { } attempt)
            {
                attempts = CallbackAttempts.Merge(attempts, CallbackAttempts.One(n, attempt));
            }
        }

        return attempts;
    }

    private static void Set(TableEntity entity, string column, string? value) => Set(entity, column, (object?)StoredText.Bound(value));

    private static void Set(TableEntity entity, string column, object? value)
    {
        if (value is not null)
        {
            entity[column] = value;
        }
    }

    private static Stamped? Stamp(TableEntity entity, string atColumn, string valueColumn) =>
        entity.GetDateTimeOffset(atColumn) is { } at ? new Stamped(at, entity.GetString(valueColumn) ?? string.Empty) : null;
}
