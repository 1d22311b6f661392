using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace Ivr.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// One long-lived <see cref="TableServiceClient"/>. The SDK's own retries are off: the Polly pipelines own
    /// retrying, with budgets that fit the call path, so the two never multiply.
    /// </summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new TableClientOptions
            {
                Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(10) },
            };
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new TableServiceClient(options.TableServiceUri, new DefaultAzureCredential(), clientOptions)
                : new TableServiceClient(options.ConnectionString, clientOptions);
        });
        return services;
    }
}
