using Microsoft.Extensions.Options;

namespace Ivr.Storage;

internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<TableStorage>();
        return services;
    }
}
