using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ivr.Security;

/// <summary>
/// Declares the Bearer keys in the OpenAPI document: one <c>http</c>/<c>bearer</c> security scheme, required by every
/// operation behind a role's policy (OpenAPI 3.1 names the role), so generated clients send the key.
/// </summary>
internal static class OpenApiSecurity
{
    public const string SchemeName = "bearer";

    public static OpenApiOptions DescribeApiKeys(this OpenApiOptions options)
    {
        options.AddDocumentTransformer(static (document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key as 'Authorization: Bearer <key>': an admin key (Admin__ApiKeys__N) for /api/admin and "
                    + "/api/self-test, an analyst key (Analytics__ApiKeys__N) for /api/analytics.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(static (operation, context, _) =>
        {
            var roles = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
                .Select(data => data.Policy)
                .OfType<string>()
                .Where(policy => policy is ApiRoles.Admin or ApiRoles.Analyst)
                .ToList();
            if (roles.Count > 0)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [.. roles] });
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
