using Ivr.Hosting;

namespace Ivr.Analytics;

/// <summary>The analytics API under <c>/api/analytics</c>: read-only, behind an analyst key, in the OpenAPI document.</summary>
internal static class AnalyticsApi
{
    public const string Prefix = "/api/analytics";

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup(Prefix)
            .RequireAuthorization(Security.ApiRoles.Analyst)
            .RequireRateLimiting(Security.ApiRateLimits.Analytics)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddEndpointFilterFactory(EndpointFilters.Of<Storage.StorageTroubleFilter>)
            .WithTags("Analytics")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        analytics.MapGet("summary", SummaryAsync)
            .Produces<AnalyticsReport>()
            .WithSummary("Time to human, service level and abandonment for a line (or all lines) over local days, with breakdowns.")
            .WithDescription(QueryHelp)
            .AsFunction("AnalyticsSummary");
        analytics.MapGet("handoffs.csv", HandoffsCsvAsync)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Every call's hand-off record in the period, as CSV.")
            .WithDescription(QueryHelp)
            .AsFunction("AnalyticsHandoffsCsv");
        analytics.MapGet("figures.csv", FiguresCsvAsync)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The period's figures as CSV, by=day (default), hourOfDay, hour, ringGroup or person.")
            .WithDescription(QueryHelp)
            .AsFunction("AnalyticsFiguresCsv");
        return app;
    }

    private const string QueryHelp =
        "Query: line (E.164, URL-encoded; all lines when absent), from and to (YYYY-MM-DD local days from 2000-01-01 to 2199-12-31, inclusive; the last 7 days by default), " +
        "serviceLevelSeconds (default Analytics__ServiceLevelSeconds, 20) and shortAbandonSeconds (default Analytics__ShortAbandonSeconds, 5).";

    private static async Task<IResult> SummaryAsync(HttpContext context, AnalyticsRequest request, AnalyticsQuery query)
    {
        var (line, question, problem) = await request.ReadAsync(context.Request, known: null, context.RequestAborted);
        if (question is null)
        {
            return problem!;
        }

        var reads = new ReadCount();
        var hours = await query.HoursAsync(question, reads, context.RequestAborted);
        return TypedResults.Ok(AnalyticsReport.Build(line, question, hours, reads));
    }

    private static async Task<IResult> HandoffsCsvAsync(HttpContext context, AnalyticsRequest request, HandoffHistory history)
    {
        var (_, question, problem) = await request.ReadAsync(context.Request, known: null, context.RequestAborted);
        if (question is null)
        {
            return problem!;
        }

        await CsvExports.HandoffsAsync(context.Response, history, question, context.RequestAborted);
        return TypedResults.Empty;
    }

    private static async Task<IResult> FiguresCsvAsync(HttpContext context, AnalyticsRequest request, AnalyticsQuery query)
    {
        string by = context.Request.Query["by"].FirstOrDefault() ?? "day";
        if (!CsvExports.Slicings.Contains(by, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["by"] = [$"'{by}' is not a slicing: use one of {string.Join(", ", CsvExports.Slicings)}."] },
                title: "The analytics question has invalid parameters.");
        }

        var (line, question, problem) = await request.ReadAsync(context.Request, known: null, context.RequestAborted);
        if (question is null)
        {
            return problem!;
        }

        var reads = new ReadCount();
        var hours = await query.HoursAsync(question, reads, context.RequestAborted);
        await CsvExports.FiguresAsync(context.Response, by, line, question, hours, reads);
        return TypedResults.Empty;
    }
}
