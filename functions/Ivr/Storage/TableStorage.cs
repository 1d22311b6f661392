using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace Ivr.Storage;

/// <summary>
/// The one long-lived <see cref="TableServiceClient"/>, created on first use so that an instance whose storage is
/// misconfigured or down still starts and answers calls. The SDK's own retries are off: the Polly pipelines own
/// retrying, with budgets that fit their callers, so the two never multiply.
/// </summary>
internal sealed class TableStorage(IOptions<StorageOptions> options)
{
    private readonly Lazy<TableServiceClient> service = new(() => Create(options.Value));

    public TableClient Table(string name) => service.Value.GetTableClient(name);

    /// <summary>
    /// How long the SDK waits for storage to answer a request. Past it the request ends in a cancellation that nobody
    /// asked for (<see cref="StorageFailures.IsTroubleOrTimedOut"/>).
    /// </summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);

    private static TableServiceClient Create(StorageOptions options)
    {
        var clientOptions = new TableClientOptions
        {
            Retry = { MaxRetries = 0, NetworkTimeout = NetworkTimeout },
        };
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new TableServiceClient(options.TableServiceUri, new DefaultAzureCredential(), clientOptions)
            : new TableServiceClient(options.ConnectionString, clientOptions);
    }
}
