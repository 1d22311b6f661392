namespace Ivr.Rules;

internal static class RulesServiceCollectionExtensions
{
    public static IServiceCollection AddLineRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RulesOptions>()
            .Bind(configuration.GetSection(RulesOptions.Section))
            .Validate(o => o.RefreshInterval >= TimeSpan.FromSeconds(1) && o.RefreshInterval <= TimeSpan.FromMinutes(10), "Rules__RefreshInterval must be between 00:00:01 and 00:10:00.")
            .ValidateOnStart();
        services.AddSingleton<LineRulesStore>();
        services.AddSingleton<LineRulesCache>();
        services.AddSingleton<ILineDirectory>(provider => provider.GetRequiredService<LineRulesCache>());
        services.AddHostedService(provider => provider.GetRequiredService<LineRulesCache>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(RulesJson.Default));
        return services;
    }
}
