using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Ivr.Handoffs;
using Ivr.Storage;
using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>One local hour of one line, added up.</summary>
internal sealed record HourRollup(string Line, DateTimeOffset LocalHour, CallStats Stats);

/// <summary>
/// How far a line is rolled up. Hours before <see cref="RolledUpTo"/> have rollups (hours without calls have none);
/// hours before <see cref="SettledUntil"/> are final: they ended more than <see cref="AnalyticsOptions.SettleAfter"/>
/// ago. <see cref="ScannedAt"/> is when the last run began: records of the hours in between written since then are
/// the ones to read again (null for a state written before it was kept: all of them).
/// </summary>
internal sealed record RollupState(string Line, string TimeZone, DateTimeOffset SettledUntil, DateTimeOffset RolledUpTo, DateTimeOffset? ScannedAt = null);

/// <summary>
/// The <c>Rollups</c> table. A line's partition holds one row per local hour with calls, keyed by the hour's first
/// instant in UTC, so a period is one range scan. The <c>~lines</c> partition holds each line's <see cref="RollupState"/>,
/// and <c>~late&lt;line&gt;</c> one row per record written after its hour was final, keyed like the record.
/// </summary>
internal sealed class RollupStore(TableStorage storage, IOptions<StorageOptions> options)
{
    public const string StatePartition = "~lines";

    /// <summary>Prefix of the partitions noting late records, one per line.</summary>
    public const string LatePartitionPrefix = "~late";

    private const int Batch = 100;
    private readonly Lazy<TableClient> lazyTable = new(() => storage.Table(options.Value.RollupsTable));

    private TableClient table => lazyTable.Value;

    public static string RowKeyOf(DateTimeOffset hour) => HandoffKey.FormatInstant(hour);

    public async Task<IReadOnlyList<HourRollup>> ReadAsync(string line, DateTimeOffset from, DateTimeOffset to, ReadCount reads, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {line} and RowKey ge {RowKeyOf(from)} and RowKey lt {RowKeyOf(to)}");
        var rollups = new List<HourRollup>();
        await ForEachAsync(filter, entity =>
        {
            reads.RollupRead();
            rollups.Add(new HourRollup(line, ParseLocal(entity.GetString("LocalHour")), ToStats(entity)));
        }, cancellationToken);
        return rollups;
    }

    /// <summary>Writes rollups of one line, replacing what was there for those hours.</summary>
    public Task SaveAsync(string line, IReadOnlyList<HourRollup> rollups, CancellationToken cancellationToken) =>
        WithTableAsync(async () =>
        {
            foreach (var chunk in rollups.Chunk(Batch))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(line, r))), cancellationToken);
            }

            return true;
        });

    public async Task<IReadOnlyList<RollupState>> StatesAsync(CancellationToken cancellationToken)
    {
        var states = new List<RollupState>();
        await ForEachAsync(TableClient.CreateQueryFilter($"PartitionKey eq {StatePartition}"), entity => states.Add(ToState(entity)), cancellationToken);
        return states;
    }

    public async Task<RollupState?> StateAsync(string line, CancellationToken cancellationToken)
    {
        try
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(StatePartition, line, cancellationToken: cancellationToken);
            return found.HasValue ? ToState(found.Value!) : null;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            return null;
        }
    }

    public Task SaveStateAsync(RollupState state, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(StatePartition, state.Line)
        {
            ["TimeZone"] = state.TimeZone,
            ["SettledUntil"] = state.SettledUntil,
            ["RolledUpTo"] = state.RolledUpTo,
        };
        if (state.ScannedAt is { } scannedAt)
        {
            entity["ScannedAt"] = scannedAt;
        }

        return WithTableAsync(async () => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken));
    }

    /// <summary>Notes a record written after its hour's figures were final (once per record, however often it is written).</summary>
    public Task NoteLateAsync(HandoffKey key, DateTimeOffset writtenAt, CancellationToken cancellationToken) =>
        WithTableAsync(async () => await table.UpsertEntityAsync(
            new TableEntity(LatePartitionPrefix + key.Line, key.RowKey) { ["WrittenAt"] = writtenAt },
            TableUpdateMode.Replace,
            cancellationToken));

    /// <summary>How many records of calls that arrived on <paramref name="line"/> in [from, to) were written too late for the figures.</summary>
    public async Task<long> CountLateAsync(string line, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        long late = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LatePartitionPrefix + line} and RowKey ge {RowKeyOf(from)} and RowKey lt {RowKeyOf(to)}");
        await ForEachAsync(filter, _ => late++, cancellationToken, select: ["RowKey"]);
        return late;
    }

    private static TableEntity ToEntity(string line, HourRollup rollup)
    {
        var stats = rollup.Stats;
        return new TableEntity(line, RowKeyOf(rollup.LocalHour))
        {
            ["LocalHour"] = rollup.LocalHour.ToString(LocalHours.HourFormat, CultureInfo.InvariantCulture),
            ["Calls"] = stats.Calls,
            ["Answered"] = stats.Answered,
            ["Abandoned"] = stats.Abandoned,
            ["NoAnswer"] = stats.NoAnswer,
            ["Busy"] = stats.Busy,
            ["Failed"] = stats.Failed,
            ["Voicemail"] = stats.Voicemail,
            ["Closed"] = stats.Closed,
            ["Undecided"] = stats.Undecided,
            ["TimeToHuman"] = stats.TimeToHuman.Serialize(),
            ["AbandonWait"] = stats.AbandonWait.Serialize(),
            ["ByGroup"] = SerializeMap(stats.ByGroup),
            ["ByPerson"] = SerializeMap(stats.ByPerson),
            ["Queued"] = stats.Queued,
            ["NobodyFree"] = stats.NobodyFree,
            ["AnsweredFromQueue"] = stats.AnsweredFromQueue,
            ["AbandonedInQueue"] = stats.AbandonedInQueue,
            ["QueueWait"] = stats.QueueWait.Serialize(),
            ["CallbacksRequested"] = stats.CallbacksRequested,
            ["CallbacksConnected"] = stats.CallbacksConnected,
            ["CallbacksFailed"] = stats.CallbacksFailed,
            ["CallbacksExpired"] = stats.CallbacksExpired,
            ["TimeToCallback"] = stats.TimeToCallback.Serialize(),
        };
    }

    private static CallStats ToStats(TableEntity entity) => new()
    {
        Answered = entity.GetInt64("Answered") ?? 0,
        Abandoned = entity.GetInt64("Abandoned") ?? 0,
        NoAnswer = entity.GetInt64("NoAnswer") ?? 0,
        Busy = entity.GetInt64("Busy") ?? 0,
        Failed = entity.GetInt64("Failed") ?? 0,
        Voicemail = entity.GetInt64("Voicemail") ?? 0,
        Closed = entity.GetInt64("Closed") ?? 0,
        Undecided = entity.GetInt64("Undecided") ?? 0,
        TimeToHuman = DurationHistogram.Parse(entity.GetString("TimeToHuman")),
        AbandonWait = DurationHistogram.Parse(entity.GetString("AbandonWait")),
        ByGroup = ParseMap(entity.GetString("ByGroup")),
        ByPerson = ParseMap(entity.GetString("ByPerson")),
        // Rollups made before queues existed have none of these: no call of theirs waited in a queue.
        Queued = entity.GetInt64("Queued") ?? 0,
        NobodyFree = entity.GetInt64("NobodyFree") ?? 0,
        AnsweredFromQueue = entity.GetInt64("AnsweredFromQueue") ?? 0,
        AbandonedInQueue = entity.GetInt64("AbandonedInQueue") ?? 0,
        QueueWait = DurationHistogram.Parse(entity.GetString("QueueWait")),
        // Nor these, before callbacks.
        CallbacksRequested = entity.GetInt64("CallbacksRequested") ?? 0,
        CallbacksConnected = entity.GetInt64("CallbacksConnected") ?? 0,
        CallbacksFailed = entity.GetInt64("CallbacksFailed") ?? 0,
        CallbacksExpired = entity.GetInt64("CallbacksExpired") ?? 0,
        TimeToCallback = DurationHistogram.Parse(entity.GetString("TimeToCallback")),
    };

    private static RollupState ToState(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("TimeZone") ?? "UTC",
        entity.GetDateTimeOffset("SettledUntil") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("RolledUpTo") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("ScannedAt"));

    private static string SerializeMap(SortedDictionary<string, DurationHistogram> map) =>
        JsonSerializer.Serialize(map.ToDictionary(m => m.Key, m => m.Value.Serialize(), StringComparer.Ordinal), AnalyticsJson.Default.DictionaryStringString);

    private static SortedDictionary<string, DurationHistogram> ParseMap(string? json)
    {
        var map = new SortedDictionary<string, DurationHistogram>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(json) && JsonSerializer.Deserialize(json, AnalyticsJson.Default.DictionaryStringString) is { } parsed)
        {
            foreach (var (name, histogram) in parsed)
            {
                map[name] = DurationHistogram.Parse(histogram);
            }
        }

        return map;
    }

    private static DateTimeOffset ParseLocal(string? text) =>
        DateTimeOffset.ParseExact(text ?? string.Empty, LocalHours.HourFormat, CultureInfo.InvariantCulture);

    private async Task ForEachAsync(string filter, Action<TableEntity> each, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken))
            {
                each(entity);
            }
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            // Nothing rolled up yet.
        }
    }

    private Task<T> WithTableAsync<T>(Func<Task<T>> operation) =>
        TableOnFirstUse.RunAsync(operation, async () => await table.CreateIfNotExistsAsync());
}
