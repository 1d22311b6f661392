using Microsoft.Extensions.Options;

namespace Ivr.Twilio;

internal static class TwilioServiceCollectionExtensions
{
    public static IServiceCollection AddTwilioWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        services.AddSingleton<TwilioCalls>();
        return services;
    }
}
