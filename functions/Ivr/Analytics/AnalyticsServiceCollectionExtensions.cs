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
        services.AddSingleton<AnalystKeys>();
        services.AddSingleton<AnalystKeyFilter>();
        services.AddSingleton<HandoffHistory>();
        services.AddSingleton<RollupStore>();
        services.AddSingleton<AnalyticsLines>();
        services.AddSingleton<AnalyticsQuery>();
        services.AddSingleton<AnalyticsRequest>();
        services.AddSingleton<RollupJob>();
        services.AddSingleton<RetentionJob>();
        services.AddSingleton<Dashboard.DashboardSession>();
        services.AddHostedService<LocalTimers>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(AnalyticsJson.Default));
        return services;
    }
}
