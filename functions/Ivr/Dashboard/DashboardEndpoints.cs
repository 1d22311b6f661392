using Ivr.Analytics;
using Ivr.Hosting;
using Ivr.Security;

namespace Ivr.Dashboard;

/// <summary>
/// The analysts' dashboard at <c>/dashboard</c>: one server-rendered page, charts as inline SVG, no script and nothing
/// fetched from elsewhere, so it works offline and under a strict content security policy.
/// </summary>
internal static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    private const string Policy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).ExcludeFromDescription().RequireAuthorization(DashboardServiceCollectionExtensions.Policy).RequireRateLimiting(ApiRateLimits.Analytics).AsFunction("Dashboard");
        // Wrong keys count as failed authentications of the client's address, as on the APIs: guessing keys is slow.
        app.MapPost(Path + "/login", SignInAsync).ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(ApiRateLimits.Analytics).AsFunction("DashboardLogin");
        app.MapPost(Path + "/logout", SignOut).ExcludeFromDescription().DisableAntiforgery().AsFunction("DashboardLogout");
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext context, AnalyticsRequest request, AnalyticsQuery query, AnalyticsLines lines)
    {
        if (PresentedCredential.Throttled(context) is { } throttled)
        {
            return TooManyAttempts(context, throttled.RetryAfter);
        }

        // Signed in by the session cookie or by an analyst key in an Authorization header (the dashboard policy tries both).
        if (!context.User.IsInRole(ApiRoles.Analyst))
        {
            return Page(context, DashboardPage.SignIn(error: null), StatusCodes.Status200OK);
        }

        try
        {
            var all = await lines.ListAsync(context.RequestAborted);
            var (line, question, invalid, unknown) = await request.ReadAsync(context.Request, all, context.RequestAborted);
            if (invalid is not null)
            {
                var errors = invalid.ProblemDetails.Errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"));
                return Page(context, DashboardPage.Problem(all, line, string.Join(" ", errors)), StatusCodes.Status400BadRequest);
            }

            if (question is null)
            {
                return Page(context, DashboardPage.Problem(all, line, unknown!.Title + " " + unknown.Detail), StatusCodes.Status404NotFound);
            }

            var reads = new ReadCount();
            var hours = await query.HoursAsync(question, reads, context.RequestAborted);
            return Page(context, DashboardPage.Report(all, AnalyticsReport.Build(line, question, hours, reads)), StatusCodes.Status200OK);
        }
        catch (Exception ex) when (Storage.StorageFailures.IsTrouble(ex))
        {
            context.Response.Headers.RetryAfter = "5";
            return Page(context, DashboardPage.Problem([], null, "Storage is unavailable right now, so there are no figures to show. Calls are not affected. Reload in a few seconds."), StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> SignInAsync(HttpContext context, DashboardSession session, ClientWindows clients)
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
            return Page(context, DashboardPage.SignIn("That is not an analyst key. Use one of the keys configured as Analytics__ApiKeys__N."), StatusCodes.Status401Unauthorized);
        }

        return TypedResults.Redirect(Path);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = RetryAfterHeader.Set(context.Response, retryAfter);
        return Page(context, DashboardPage.SignIn($"Too many wrong keys were tried from your address. Try again in {seconds} s."), StatusCodes.Status429TooManyRequests);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult SignOut(HttpContext context)
    {
        DashboardSession.SignOut(context);
        return TypedResults.Redirect(Path);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Page(HttpContext context, string html, int status) =>
        HtmlPage.Answer(context, html, status, Policy);
}
