using Azure;
using Azure.Data.Tables;

namespace Ivr.Benchmarks.Writer;

/// <summary>Counts a table's rows after a run (a full scan: never while the writer is being timed).</summary>
internal static class TableRows
{
    /// <summary>Rows in <paramref name="table"/>, or only those with a value in <paramref name="column"/>.</summary>
    public static async Task<int> CountAsync(TableClient table, string? column = null)
    {
        string[] select = column is null ? ["RowKey"] : ["RowKey", column];
        var rows = 0;
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(maxPerPage: 1000, select: select))
            {
                if (column is null || entity.TryGetValue(column, out var value) && value is not null)
                {
                    rows++;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No table yet: nothing written.
        }

        return rows;
    }
}
