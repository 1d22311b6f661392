using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Ivr.Storage;
using Microsoft.Extensions.Options;

namespace Ivr.Rules;

/// <summary>A line's current rules as stored; <see cref="Document"/> is null once the line was deleted.</summary>
internal sealed record StoredLine(string Number, LineRulesDocument? Document, int Version, DateTimeOffset ChangedAt, string ChangedBy, ETag ETag);

/// <summary>One kept version of a line: who changed it, when, how, and the rules it had (none for a deletion).</summary>
internal sealed record LineVersion(int Version, DateTimeOffset ChangedAt, string ChangedBy, string Change, LineRulesDocument? Document);

/// <summary>Another admin changed the line first.</summary>
internal sealed class LineChangedConcurrentlyException(string number, Exception inner)
    : Exception($"Line {number} was changed by someone else at the same time.", inner);

/// <summary>
/// Line rules in the <c>Lines</c> table. Each line is one partition: a <c>current</c> row (kept after a deletion, so the
/// version count and its ETag live on) and one row per version. A change writes both in one transaction, so the
/// history never misses a change and never records one that did not happen.
/// </summary>
internal sealed class LineRulesStore(TableStorage storage, IOptions<StorageOptions> options)
{
    private const string CurrentRow = "current";
    private const string VersionRowPrefix = "v";

    private readonly Lazy<TableClient> lazyTable = new(() => storage.Table(options.Value.LinesTable));

    private TableClient table => lazyTable.Value;

    /// <summary>Every line that is not deleted.</summary>
    public Task<IReadOnlyList<StoredLine>> ListAsync(CancellationToken cancellationToken) =>
        WithTableAsync<IReadOnlyList<StoredLine>>(async () =>
        {
            var lines = new List<StoredLine>();
            // A filter string, as every other query here: the SDK would translate a lambda through LINQ expressions at
            // every reload, the first one on the way to a new instance's first answer.
            var filter = TableClient.CreateQueryFilter($"RowKey eq {CurrentRow}");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (ReadCurrent(entity) is { Document: not null } line)
                {
                    lines.Add(line);
                }
            }

            return lines;
        });

    /// <summary>The line's current row, deleted or not; null when it never existed.</summary>
    public Task<StoredLine?> GetAsync(string number, CancellationToken cancellationToken) =>
        WithTableAsync(async () =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(number, CurrentRow, cancellationToken: cancellationToken);
            return found.HasValue ? ReadCurrent(found.Value!) : null;
        });

    /// <summary>
    /// Writes the next version on top of <paramref name="current"/> (null for a line never seen): new rules, or
    /// <paramref name="document"/> null to delete. Throws <see cref="LineChangedConcurrentlyException"/> when someone else wrote first.
    /// </summary>
    public Task<StoredLine> SaveAsync(string number, StoredLine? current, LineRulesDocument? document, string change, string changedBy, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        WithTableAsync(async () =>
        {
            var version = (current?.Version ?? 0) + 1;
            var json = document is null ? null : JsonSerializer.Serialize(document, RulesJson.Default.LineRulesDocument);
            var row = new TableEntity(number, CurrentRow)
            {
                ["Rules"] = json,
                ["Version"] = version,
                ["ChangedAt"] = changedAt,
                ["ChangedBy"] = changedBy,
            };
            var history = new TableEntity(number, VersionRowKey(version))
            {
                ["Rules"] = json,
                ["Version"] = version,
                ["ChangedAt"] = changedAt,
                ["ChangedBy"] = changedBy,
                ["Change"] = change,
            };
            TableTransactionAction[] actions =
            [
                current is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, current.ETag),
                new(TableTransactionActionType.Add, history),
            ];
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken);
                return new StoredLine(number, document, version, changedAt, changedBy, response.Value[0].Headers.ETag ?? default);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new LineChangedConcurrentlyException(number, ex);
            }
        });

    /// <summary>Every version of the line, newest first.</summary>
    public Task<IReadOnlyList<LineVersion>> HistoryAsync(string number, CancellationToken cancellationToken) =>
        WithTableAsync<IReadOnlyList<LineVersion>>(async () =>
        {
            var versions = new List<LineVersion>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {number} and RowKey ge {VersionRowPrefix} and RowKey lt {"w"}");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                versions.Add(ReadVersion(entity));
            }

            versions.Reverse();
            return versions;
        });

    public Task<LineVersion?> VersionAsync(string number, int version, CancellationToken cancellationToken) =>
        WithTableAsync(async () =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(number, VersionRowKey(version), cancellationToken: cancellationToken);
            return found.HasValue ? ReadVersion(found.Value!) : null;
        });

    /// <summary>Row keys sort by version: zero-padded to ten digits.</summary>
    private static string VersionRowKey(int version) => VersionRowPrefix + version.ToString("D10", CultureInfo.InvariantCulture);

    private static StoredLine ReadCurrent(TableEntity entity) => new(
        entity.PartitionKey,
        ReadDocument(entity),
        entity.GetInt32("Version") ?? 0,
        entity.GetDateTimeOffset("ChangedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("ChangedBy") ?? "unknown",
        entity.ETag);

    private static LineVersion ReadVersion(TableEntity entity) => new(
        entity.GetInt32("Version") ?? 0,
        entity.GetDateTimeOffset("ChangedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("ChangedBy") ?? "unknown",
        entity.GetString("Change") ?? "changed",
        ReadDocument(entity));

    private static LineRulesDocument? ReadDocument(TableEntity entity) =>
        entity.GetString("Rules") is { } json ? JsonSerializer.Deserialize(json, RulesJson.Default.LineRulesDocument) : null;

    private Task<T> WithTableAsync<T>(Func<Task<T>> operation) =>
        TableOnFirstUse.RunAsync(operation, () => table.CreateIfNotExistsAsync());
}
