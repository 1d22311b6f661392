using Microsoft.Extensions.Options;

namespace Ivr.Privacy;

internal static class PrivacyServiceCollectionExtensions
{
    public static IServiceCollection AddCallerPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton<CallerHasher>();
        services.AddSingleton<CallbackNumbers>();
        return services;
    }
}
