namespace Ivr.Security;

internal static class RoleEndpoints
{
    /// <summary>
    /// Endpoints for one role: its key is required (else 401), and the role's rate limit applies per key (else 429).
    /// The OpenAPI document learns both answers here, where they are made.
    /// </summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder endpoints, string role, string rateLimitPolicy)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(role).RequireRateLimiting(rateLimitPolicy)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}
