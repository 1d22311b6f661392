using Azure;

namespace Ivr.Storage;

/// <summary>
/// Tables are created on first use (a new deployment, or a table someone removed): an operation that finds its
/// table missing creates it and runs once more.
/// </summary>
internal static class TableOnFirstUse
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> operation, Func<Task> createTable)
    {
        try
        {
            return await operation();
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            await createTable();
            return await operation();
        }
    }
}
