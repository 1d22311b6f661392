using Ivr.Security;
using Microsoft.Extensions.Options;

namespace Ivr.Admin;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer &lt;key&gt;</c> naming one of the configured admin keys.
/// Everything else gets 401 before any handler runs, so it changes nothing.
/// </summary>
internal sealed class AdminKeyFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    private const string ActorItem = "Ivr.Admin.Actor";

    private readonly ApiKeySet keys = new(options.Value.ApiKeys, options.Value.ApiKeyHashes);

    /// <summary>Who made the change, for the version history: a short fingerprint of the key, never the key.</summary>
    public static string ActorOf(HttpContext context) => context.Items[ActorItem] as string ?? "unknown";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (keys.MatchBearer(context.HttpContext.Request.Headers.Authorization) is { } actor)
        {
            context.HttpContext.Items[ActorItem] = actor;
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "An admin API key is required.",
            detail: "Send one of the keys configured as Admin__ApiKeys__N in an 'Authorization: Bearer <key>' header.");
    }
}
