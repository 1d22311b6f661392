using Azure.Data.Tables;

namespace Ivr.Tests.Infrastructure;

/// <summary>Reads hand-off records straight from Azurite, as an analyst would.</summary>
internal sealed class HandoffRecords(string connectionString, string table)
{
    private readonly TableClient client = new(connectionString, table);

    public static string UniqueTableName() => "Handoffs" + Guid.NewGuid().ToString("N")[..12];

    public async Task<List<TableEntity>> AllAsync()
    {
        try
        {
            var rows = new List<TableEntity>();
            await foreach (var row in client.QueryAsync<TableEntity>())
            {
                rows.Add(row);
            }

            return rows;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    /// <summary>Waits until the call's record satisfies <paramref name="done"/> (the writer works in the background).</summary>
    public async Task<TableEntity> WaitForAsync(string callSid, Func<TableEntity, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(20)).TotalMilliseconds;
        TableEntity? last = null;
        while (Environment.TickCount64 < deadline)
        {
            last = (await AllAsync()).SingleOrDefault(r => r.GetString("CallSid") == callSid);
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The record of {callSid} never got there. Last seen: {Describe(last)}");
    }

    public static string Describe(TableEntity? row) =>
        row is null ? "(none)" : string.Join(", ", row.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}={row[k]}"));
}
