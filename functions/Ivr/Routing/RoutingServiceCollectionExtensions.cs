using Microsoft.Extensions.Options;

namespace Ivr.Routing;

internal static class RoutingServiceCollectionExtensions
{
    public static IServiceCollection AddCallRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IvrOptions>().Bind(configuration.GetSection(IvrOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IvrOptions>, IvrOptionsValidator>();
        services.AddSingleton<StickyMemory>();
        services.AddHostedService(provider => provider.GetRequiredService<StickyMemory>());
        services.AddSingleton<CallPlanner>();
        return services;
    }
}
