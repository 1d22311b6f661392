using Ivr.Admin;
using Ivr.Hosting;
using Ivr.Security;
using Ivr.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.AdminConsole;

/// <summary>
/// The admins' console at <c>/admin</c>: a page, its script and style sheet, and a sign-in. The script does everything
/// else through the admin API (<c>/api/admin</c>), so every change made in the console gets the API's validation,
/// versioning, <c>If-Match</c> and problem+json, plus the week view it adds there.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string Path = "/admin";

    /// <summary>Only the app's own script and style; no inline code, nothing from elsewhere.</summary>
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IEndpointRouteBuilder MapAdminConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Show).ExcludeFromDescription().RequireAuthorization(AdminConsoleServiceCollectionExtensions.PagePolicy).RequireRateLimiting(ApiRateLimits.Admin).AsFunction("AdminConsole");
        // Wrong keys count as failed authentications of the client's address, as on the APIs: guessing keys is slow.
        app.MapPost(Path + "/login", SignInAsync).ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(ApiRateLimits.Admin).AsFunction("AdminConsoleLogin");
        app.MapPost(Path + "/logout", SignOutAsync).ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(ApiRateLimits.Admin).AsFunction("AdminConsoleLogout");
        app.MapGet(Path + "/assets/{file}", Asset).ExcludeFromDescription().RequireRateLimiting(ApiRateLimits.Admin).AsFunction("AdminConsoleAsset");

        var admin = app.MapGroup(AdminApi.Prefix)
            .RequireRole(ApiRoles.Admin, ApiRateLimits.Admin)
            .AnswerStorageTroubleWith503()
            .WithTags("Lines");
        admin.MapPost("lines/{number}/week", WeekEndpoint.RunAsync)
            .Accepts<WeekRequest>("application/json")
            .WithSummary("Who rings when: a week of the saved rules or a draft, hour by hour, and the next days off.")
            .AsFunction("AdminLineWeek");
        admin.MapGet("lines-overview", LinesOverviewEndpoint.ListAsync)
            .WithSummary("Every line with whether it is open now and how many of its people are free, busy or away.")
            .AsFunction("AdminLinesOverview");
        return app;
    }

    private static ContentHttpResult Show(HttpContext context, ConsoleSession session)
    {
        if (PresentedCredential.Throttled(context) is { } throttled)
        {
            return TooManyAttempts(context, throttled.RetryAfter);
        }

        return context.User.IsInRole(ApiRoles.Admin) && session.AntiforgeryToken(context.Request) is { } token
            ? Page(context, ConsolePages.Console(token, ApiRoles.ActorOf(context.User)), StatusCodes.Status200OK)
            : Page(context, ConsolePages.SignIn(error: null), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ConsoleSession session, ClientWindows clients)
    {
        var address = ClientAddress.Of(context);
        if (clients.IsBlocked(address))
        {
            return TooManyAttempts(context, clients.RetryAfter(address));
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        string? key = form?["key"];
        if (string.IsNullOrWhiteSpace(key) || !session.SignIn(context, key))
        {
            clients.Failed(address);
            return Page(context, ConsolePages.SignIn("That is not an admin key. Use one of the keys configured as Admin__ApiKeys__N (ADMIN_API_KEY in .local/secrets.env when started with scripts/start.sh)."), StatusCodes.Status401Unauthorized);
        }

        return TypedResults.Redirect(Path);
    }

    /// <summary>Signing out is a change too: it needs the page's antiforgery token, so another site cannot sign an admin out.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext context, ConsoleSession session)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        if (ConsoleSession.Presented(context.Request) && !session.IsAntiforgeryToken(context.Request, form?[ConsoleSession.AntiforgeryField]))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The console's antiforgery token is missing or wrong.", detail: "Sign out from the console's own page.");
        }

        ConsoleSession.SignOut(context);
        return TypedResults.Redirect(Path);
    }

    private static IResult Asset(string file, HttpContext context, ConsoleAssets assets)
    {
        if (assets.Find(file) is not var (content, contentType))
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(content, contentType);
    }

    private static ContentHttpResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = RetryAfterHeader.Set(context.Response, retryAfter);
        return Page(context, ConsolePages.SignIn($"Too many wrong keys were tried from your address. Try again in {seconds} s."), StatusCodes.Status429TooManyRequests);
    }

    private static ContentHttpResult Page(HttpContext context, string html, int status) =>
        HtmlPage.Answer(context, html, status, Policy);
}
