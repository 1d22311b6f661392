using Microsoft.Extensions.Options;

namespace Ivr.Routing;

internal static class RoutingServiceCollectionExtensions
{
    public static IServiceCollection AddCallRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IvrOptions>().Bind(configuration.GetSection(IvrOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IvrOptions>, IvrOptionsValidator>();
        services.AddOptions<LinesOptions>().Configure(options => configuration.GetSection(LinesOptions.Section).Bind(options.Lines)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LinesOptions>, LinesOptionsValidator>();
        services.AddSingleton<ILineDirectory, ConfiguredLineDirectory>();
        return services;
    }
}
