using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Ivr.Handoffs;
using Ivr.Storage;
using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>
/// Range reads and deletes of hand-off records for analytics. A line's records over a period are one range scan of
/// its partition, because row keys start with the arrival instant.
/// </summary>
internal sealed class HandoffHistory(TableStorage storage, IOptions<StorageOptions> options)
{
    private const int DeleteBatch = 100;

    private readonly Lazy<TableClient> lazyTable = new(() => storage.Table(options.Value.HandoffsTable));

    private TableClient table => lazyTable.Value;

    /// <summary>The records of calls that arrived on <paramref name="line"/> in [from, to), in arrival order.</summary>
    public async IAsyncEnumerable<(HandoffKey Key, HandoffFacts Facts)> ReadAsync(
        string line, DateTimeOffset from, DateTimeOffset to, ReadCount reads, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = table.QueryAsync<TableEntity>(RangeFilter(line, from, to), cancellationToken: cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (await MoveNextAsync(enumerator))
        {
            foreach (var entity in enumerator.Current.Values)
            {
                reads.RecordRead();
                if (HandoffKey.FromRowKey(line, entity.RowKey) is { } key)
                {
                    yield return (key, HandoffEntityMap.ToFacts(entity));
                }
            }
        }
    }

    /// <summary>
    /// When the calls arrived whose records in [from, to) were written at or after <paramref name="since"/> (storage's own
    /// write time, <c>Timestamp</c>): one range scan that returns only the keys of what changed.
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> ChangedSinceAsync(string line, DateTimeOffset from, DateTimeOffset to, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {line} and RowKey ge {HandoffKey.FormatInstant(from)} and RowKey lt {HandoffKey.FormatInstant(to)} and Timestamp ge {since}");
        var arrivals = new List<DateTimeOffset>();
        var pages = table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (await MoveNextAsync(enumerator))
        {
            arrivals.AddRange(enumerator.Current.Values.Select(row => HandoffKey.FromRowKey(line, row.RowKey)?.ArrivedAt).OfType<DateTimeOffset>());
        }

        return arrivals;
    }

    /// <summary>When the line's first recorded call arrived; null when it has none.</summary>
    public async Task<DateTimeOffset?> FirstArrivalAsync(string line, CancellationToken cancellationToken)
    {
        var query = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {line}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken);
        var pages = query.AsPages(pageSizeHint: 1).GetAsyncEnumerator(cancellationToken);
        await using var _ = pages;
        while (await MoveNextAsync(pages))
        {
            // A page may come back empty with a continuation; the first row of the first non-empty page is the oldest.
            if (pages.Current.Values is [var first, ..])
            {
                return HandoffKey.FromRowKey(line, first.RowKey)?.ArrivedAt;
            }
        }

        return null;
    }

    /// <summary>Deletes the line's records of calls that arrived before <paramref name="before"/>; returns how many.</summary>
    public async Task<long> DeleteBeforeAsync(string line, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {line} and RowKey lt {HandoffKey.FormatInstant(before)}");
        long deleted = 0;
        var batch = new List<TableTransactionAction>(DeleteBatch);
        var rows = table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).AsPages();
        await using var pages = rows.GetAsyncEnumerator(cancellationToken);
        while (await MoveNextAsync(pages))
        {
            foreach (var row in pages.Current.Values)
            {
                // ETag * : retention removes the row whatever a late callback last wrote to it.
                batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), ETag.All));
                if (batch.Count == DeleteBatch)
                {
                    deleted += await SubmitAsync(batch, cancellationToken);
                }
            }
        }

        if (batch.Count > 0)
        {
            deleted += await SubmitAsync(batch, cancellationToken);
        }

        return deleted;
    }

    private async Task<int> SubmitAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        await table.SubmitTransactionAsync(batch, cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    private static string RangeFilter(string line, DateTimeOffset from, DateTimeOffset to) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {line} and RowKey ge {HandoffKey.FormatInstant(from)} and RowKey lt {HandoffKey.FormatInstant(to)}");

    /// <summary>A missing table (nothing recorded yet) reads as no rows.</summary>
    private static async Task<bool> MoveNextAsync<T>(IAsyncEnumerator<T> enumerator)
    {
        try
        {
            return await enumerator.MoveNextAsync();
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            return false;
        }
    }
}
