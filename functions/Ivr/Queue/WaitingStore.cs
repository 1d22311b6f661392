using Azure;
using Azure.Data.Tables;
using Ivr.Storage;
using Microsoft.Extensions.Options;

namespace Ivr.Queue;

/// <summary>The callers waiting in each line's queue, in Table Storage (a row per caller, partitioned by line), for all instances.</summary>
internal sealed class WaitingStore(TableStorage storage, IOptions<StorageOptions> options)
{
    private readonly Lazy<TableClient> table = new(() => storage.Table(options.Value.WaitingTable));

    public async Task<IReadOnlyList<WaitingCaller>> ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var callers = new List<WaitingCaller>();
            await foreach (var row in table.Value.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                if (row.GetDateTimeOffset("QueuedAt") is { } queuedAt)
                {
                    callers.Add(new WaitingCaller(row.PartitionKey, row.RowKey, queuedAt));
                }
            }

            return callers;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            return [];
        }
    }

    public async Task<WaitingCaller?> FindAsync(string line, string callSid, CancellationToken cancellationToken)
    {
        try
        {
            var found = await table.Value.GetEntityIfExistsAsync<TableEntity>(line, callSid, cancellationToken: cancellationToken);
            return found.HasValue && found.Value!.GetDateTimeOffset("QueuedAt") is { } queuedAt ? new WaitingCaller(line, callSid, queuedAt) : null;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            return null;
        }
    }

    public Task AddAsync(WaitingCaller caller, CancellationToken cancellationToken) =>
        TableOnFirstUse.RunAsync(
            () => table.Value.UpsertEntityAsync(new TableEntity(caller.Line, caller.CallSid) { ["QueuedAt"] = caller.QueuedAt }, TableUpdateMode.Replace, cancellationToken),
            () => table.Value.CreateIfNotExistsAsync(cancellationToken));

    public async Task RemoveAsync(string line, string callSid, CancellationToken cancellationToken)
    {
        try
        {
            await table.Value.DeleteEntityAsync(line, callSid, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already, or the table never made.
        }
    }
}
