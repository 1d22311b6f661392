using Ivr.Security;

namespace Ivr.AdminConsole;

/// <summary>
/// Refuses a change (any method but GET, HEAD, OPTIONS, TRACE) that only the console's cookie signed in, unless it
/// carries the session's antiforgery token in <see cref="ConsoleSession.AntiforgeryHeader"/>. Requests with an API key
/// are left as they are: a browser never adds that header on another site's behalf.
/// </summary>
internal static class ConsoleAntiforgery
{
    /// <summary>Runs after authorization, which has signed the request in by the schemes its endpoint accepts.</summary>
    public static IApplicationBuilder UseConsoleAntiforgery(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            if (!NeedsToken(context))
            {
                return next(context);
            }

            var session = context.RequestServices.GetRequiredService<ConsoleSession>();
            if (session.IsAntiforgeryToken(context.Request, context.Request.Headers[ConsoleSession.AntiforgeryHeader]))
            {
                return next(context);
            }

            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The console's antiforgery token is missing or wrong.",
                detail: $"Changes made with the console's sign-in must carry the token of its page in {ConsoleSession.AntiforgeryHeader}. Reload the console and try again. Nothing was changed.")
                .ExecuteAsync(context);
        });

    private static bool NeedsToken(HttpContext context)
    {
        // No cookie, no console session: API-key clients leave here, before the principal is read.
        var method = context.Request.Method;
        if (context.Request.Headers.Cookie.Count == 0
            || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return false;
        }

        var bySession = false;
        foreach (var identity in context.User.Identities)
        {
            if (!identity.IsAuthenticated)
            {
                continue;
            }

            if (identity.AuthenticationType == IvrAuthentication.ApiKeyScheme)
            {
                return false;
            }

            bySession |= identity.AuthenticationType == ConsoleSessionAuthenticationHandler.SchemeName;
        }

        return bySession;
    }
}
