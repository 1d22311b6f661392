using Azure;
using Azure.Data.Tables;
using Ivr.Storage;
using Microsoft.Extensions.Options;

namespace Ivr.Queue;

/// <summary>
/// Pending callbacks in Table Storage, a row per callback (partition the line, row the caller's CallSid), shared by all
/// instances. Every change is read, applied and written under the row's ETag, so of two instances only one reserves a
/// callback, and a callback that ends is deleted with its sealed number.
/// </summary>
internal sealed class CallbackStore(TableStorage storage, IOptions<StorageOptions> options)
{
    private const int MaxAttempts = 8;

    private readonly Lazy<TableClient> table = new(() => storage.Table(options.Value.CallbacksTable));

    public async Task<IReadOnlyList<PendingCallback>> ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var callbacks = new List<PendingCallback>();
            await foreach (var entity in table.Value.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                if (FromEntity(entity) is { } callback)
                {
                    callbacks.Add(callback);
                }
            }

            return callbacks;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            return []; // Nobody has asked for a callback yet.
        }
    }

    public async Task<PendingCallback?> FindAsync(string line, string callSid, CancellationToken cancellationToken)
    {
        try
        {
            var found = await table.Value.GetEntityIfExistsAsync<TableEntity>(line, callSid, cancellationToken: cancellationToken);
            return found.HasValue ? FromEntity(found.Value!) : null;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            return null;
        }
    }

    /// <summary>Stores a new callback; false when this caller asked already (a repeated press changes nothing).</summary>
    public Task<bool> AddAsync(PendingCallback callback, CancellationToken cancellationToken) =>
        TableOnFirstUse.RunAsync(
            async () =>
            {
                try
                {
                    await table.Value.AddEntityAsync(ToEntity(callback), cancellationToken);
                    return true;
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    return false;
                }
            },
            () => table.Value.CreateIfNotExistsAsync(cancellationToken));

    /// <summary>
    /// Applies <paramref name="change"/> to the stored callback: the callback as it now is (deleted when it has ended),
    /// or null when there is none or the change did not apply.
    /// </summary>
    public async Task<PendingCallback?> ChangeAsync(string line, string callSid, Func<PendingCallback, PendingCallback?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(line, callSid, cancellationToken) is not { } current || change(current) is not { } next)
            {
                return null;
            }

            try
            {
                if (next.Ended is not null)
                {
                    await table.Value.DeleteEntityAsync(line, callSid, current.ETag, cancellationToken);
                    return next;
                }

                var response = await table.Value.UpdateEntityAsync(ToEntity(next), current.ETag, TableUpdateMode.Replace, cancellationToken);
                return next with { ETag = response.Headers.ETag ?? default };
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404 && attempt < MaxAttempts)
            {
                // Changed or ended by another instance meanwhile: read it again.
            }
        }
    }

    private static TableEntity ToEntity(PendingCallback c)
    {
        var entity = new TableEntity(c.Line, c.CallSid)
        {
            ["QueuedAt"] = c.QueuedAt,
            ["RequestedAt"] = c.RequestedAt,
            ["ExpiresAt"] = c.ExpiresAt,
            ["Number"] = c.SealedNumber,
            ["Attempts"] = c.Attempts,
        };
        Set(entity, "ArrivedAt", c.ArrivedAt);
        Set(entity, "NextAttemptAt", c.NextAttemptAt);
        Set(entity, "Person", c.Person);
        Set(entity, "ClaimedUntil", c.ClaimedUntil);
        return entity;
    }

    private static void Set(TableEntity entity, string column, object? value)
    {
        if (value is not null)
        {
            entity[column] = value;
        }
    }

    private static PendingCallback? FromEntity(TableEntity e) =>
        e.GetDateTimeOffset("QueuedAt") is { } queuedAt && e.GetDateTimeOffset("RequestedAt") is { } requestedAt
            && e.GetDateTimeOffset("ExpiresAt") is { } expiresAt && e.GetString("Number") is { } number
            ? new PendingCallback(e.PartitionKey, e.RowKey, queuedAt, requestedAt, expiresAt, number)
            {
                ArrivedAt = e.GetDateTimeOffset("ArrivedAt"),
                Attempts = e.GetInt32("Attempts") ?? 0,
                NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
                Person = e.GetString("Person"),
                ClaimedUntil = e.GetDateTimeOffset("ClaimedUntil"),
                ETag = e.ETag,
            }
            : null;
}
