using Ivr.Security;
using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer &lt;key&gt;</c> naming an analyst key. Analyst keys read
/// analytics; admin keys are not analyst keys, and analyst keys open nothing in the admin API.
/// </summary>
internal sealed class AnalystKeyFilter(AnalystKeys keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (keys.Set.MatchBearer(context.HttpContext.Request.Headers.Authorization) is not null)
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "An analyst API key is required.",
            detail: "Send one of the keys configured as Analytics__ApiKeys__N in an 'Authorization: Bearer <key>' header.");
    }
}

/// <summary>The configured analyst keys, hashed once.</summary>
internal sealed class AnalystKeys(IOptions<AnalyticsOptions> options)
{
    public ApiKeySet Set { get; } = new(options.Value.ApiKeys, options.Value.ApiKeyHashes);
}
