using Azure;
using Azure.Data.Tables;
using Ivr.Storage;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Ivr.Handoffs;

/// <summary>A hand-off record as read from the table, with the ETag that guards the next write.</summary>
internal sealed record StoredHandoff(HandoffKey Key, HandoffFacts Facts, ETag ETag);

/// <summary>One row to write: a new record when <see cref="ETag"/> is null, else a replace of that version.</summary>
internal sealed record HandoffWrite(HandoffKey Key, HandoffFacts Facts, ETag? ETag);

/// <summary>Reads and writes hand-off records in the <c>Handoffs</c> table, every call through the write pipeline.</summary>
internal sealed class HandoffStore(
    TableStorage storage,
    IOptions<StorageOptions> options,
    ResiliencePipelineProvider<string> pipelines)
{
    /// <summary>Twilio ends a call after 4 hours by default; a day leaves room for long calls and late callbacks.</summary>
    public static readonly TimeSpan LookupWindow = TimeSpan.FromDays(1);

    /// <summary>A table transaction holds at most 100 operations, all in one partition.</summary>
    public const int MaxTransactionSize = 100;

    private readonly Lazy<TableClient> lazyTable = new(() => storage.Table(options.Value.HandoffsTable));

    private TableClient table => lazyTable.Value;

    public Task<StoredHandoff?> GetAsync(HandoffKey key, CancellationToken cancellationToken) =>
        RunAsync(async ct =>
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(key.PartitionKey, key.RowKey, cancellationToken: ct);
            return response.HasValue ? Read(key.Line, response.Value!) : null;
        }, cancellationToken);

    /// <summary>Finds a call by CallSid when its key is unknown: a range scan of its line over the last day.</summary>
    public Task<StoredHandoff?> FindAsync(string line, string callSid, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(async ct =>
        {
            var from = HandoffKey.FormatInstant(now - LookupWindow);
            var to = HandoffKey.FormatInstant(now + TimeSpan.FromMinutes(5));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {line} and RowKey ge {from} and RowKey lt {to} and CallSid eq {callSid}");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                return Read(line, entity);
            }

            return null;
        }, cancellationToken);

    /// <summary>Writes rows of one partition in one transaction; returns each row's new ETag, in order.</summary>
    public Task<IReadOnlyList<ETag>> SaveAsync(IReadOnlyList<HandoffWrite> rows, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ETag>>(async ct =>
        {
            var actions = rows.Select(row => row.ETag is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, HandoffEntityMap.ToEntity(row.Key, row.Facts), etag)
                : new TableTransactionAction(TableTransactionActionType.Add, HandoffEntityMap.ToEntity(row.Key, row.Facts)));
            var response = await table.SubmitTransactionAsync(actions, ct);
            return response.Value.Select(r => r.Headers.ETag ?? default).ToList();
        }, cancellationToken);

    private static StoredHandoff? Read(string line, TableEntity entity) =>
        HandoffKey.FromRowKey(line, entity.RowKey) is { } key ? new StoredHandoff(key, HandoffEntityMap.ToFacts(entity), entity.ETag) : null;

    private Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        TableOnFirstUse.RunAsync(
            () => ExecuteAsync(operation, cancellationToken).AsTask(),
            () => ExecuteAsync(async ct => await table.CreateIfNotExistsAsync(ct), cancellationToken).AsTask());

    private ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        // Looked up per operation rather than in the constructor: the registry builds it once, on the first write, so a
        // new instance does not spend its first call's start-up on it.
        pipelines.GetPipeline(HandoffWritePipeline.Key).ExecuteAsync(static async (op, ct) => await op(ct), operation, cancellationToken);
}
