using Ivr.Security;
using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

internal static class AnalyticsServiceCollectionExtensions
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>()
            .Bind(configuration.GetSection(AnalyticsOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>();
        services.AddApiKeyRole<AnalyticsOptions>(
            ApiRoles.Analyst,
            "An analyst API key is required.",
            "Send one of the keys configured as Analytics__ApiKeys__N in an 'Authorization: Bearer <key>' header.");
        services.AddSingleton<HandoffHistory>();
        services.AddSingleton<RollupStore>();
        services.AddSingleton<AnalyticsLines>();
        services.AddSingleton<AnalyticsQuery>();
        services.AddSingleton<AnalyticsRequest>();
        services.AddSingleton<RollupJob>();
        services.AddSingleton<Handoffs.IRecordFigures, LateRecords>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService<LocalTimers>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(AnalyticsJson.Default));
        return services;
    }
}
