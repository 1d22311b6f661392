using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Ivr.Security;

/// <summary>
/// How a request the authorization policies refuse is answered: 401 problem+json saying which key to send (also for a
/// valid key of another role, so a key never learns what else exists), or 429 when its client address is refused
/// unchecked for too many failed authentications. The handler never runs, so nothing changes.
/// </summary>
internal sealed class RefusedRequests(ApiKeyRoles roles) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        if (PresentedCredential.Throttled(context) is { } throttled)
        {
            await ApiRateLimits.TooManyRequestsAsync(context, throttled.RetryAfter);
            return;
        }

        var role = policy.Requirements.OfType<RolesAuthorizationRequirement>()
            .SelectMany(requirement => requirement.AllowedRoles)
            .Select(roles.Find)
            .FirstOrDefault(found => found is not null);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: role?.RefusedTitle ?? "An API key is required.",
            detail: role?.RefusedDetail).ExecuteAsync(context);
    }
}
