using Ivr.Hosting;
using Ivr.Security;
using Ivr.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Analytics;

/// <summary>The analytics API under <c>/api/analytics</c>: read-only, behind an analyst key, in the OpenAPI document.</summary>
internal static class AnalyticsApi
{
    public const string Prefix = "/api/analytics";

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup(Prefix)
            .RequireRole(ApiRoles.Analyst, ApiRateLimits.Analytics)
            .AnswerStorageTroubleWith503()
            .WithTags("Analytics");

        analytics.MapGet("summary", SummaryAsync)
            .WithSummary("Time to human, service level and abandonment for a line (or all lines) over local days, with breakdowns.")
            .WithDescription(QueryHelp)
            .AsFunction("AnalyticsSummary");
        analytics.MapGet("handoffs.csv", HandoffsCsvAsync)
            .WithSummary("Every call's hand-off record in the period, as CSV.")
            .WithDescription(QueryHelp)
            .AsFunction("AnalyticsHandoffsCsv");
        analytics.MapGet("figures.csv", FiguresCsvAsync)
            .WithSummary("The period's figures as CSV, by=day (default), hourOfDay, hour, ringGroup or person.")
            .WithDescription(QueryHelp)
            .AsFunction("AnalyticsFiguresCsv");
        return app;
    }

    private const string QueryHelp =
        "Query: line (E.164, URL-encoded; all lines when absent), from and to (YYYY-MM-DD local days from 2000-01-01 to 2199-12-31, inclusive; the last 7 days by default), " +
        "serviceLevelSeconds (default Analytics__ServiceLevelSeconds, 20) and shortAbandonSeconds (default Analytics__ShortAbandonSeconds, 5).";

    private static async Task<Results<Ok<AnalyticsReport>, ValidationProblem, NotFoundProblem>> SummaryAsync(HttpContext context, AnalyticsRequest request, AnalyticsQuery query)
    {
        var (line, question, invalid, unknown) = await request.ReadAsync(context.Request, known: null, context.RequestAborted);
        if (question is null)
        {
            return invalid is not null ? invalid : unknown!;
        }

        var reads = new ReadCount();
        var hours = await query.HoursAsync(question, reads, context.RequestAborted);
        return TypedResults.Ok(AnalyticsReport.Build(line, question, hours, reads));
    }

    private static async Task<Results<CsvAnswer, ValidationProblem, NotFoundProblem>> HandoffsCsvAsync(HttpContext context, AnalyticsRequest request, HandoffHistory history)
    {
        var (_, question, invalid, unknown) = await request.ReadAsync(context.Request, known: null, context.RequestAborted);
        if (question is null)
        {
            return invalid is not null ? invalid : unknown!;
        }

        return new CsvAnswer(
            $"handoffs-{question.From:yyyyMMdd}-{question.To:yyyyMMdd}.csv",
            (writer, cancellationToken) => CsvExports.HandoffsAsync(writer, history, question, cancellationToken));
    }

    private static async Task<Results<CsvAnswer, ValidationProblem, NotFoundProblem>> FiguresCsvAsync(HttpContext context, AnalyticsRequest request, AnalyticsQuery query)
    {
        string by = context.Request.Query["by"].FirstOrDefault() ?? "day";
        if (!CsvExports.Slicings.Contains(by, StringComparer.Ordinal))
        {
            return AnalyticsRequest.Invalid(new() { ["by"] = [$"'{by}' is not a slicing: use one of {string.Join(", ", CsvExports.Slicings)}."] });
        }

        var (line, question, invalid, unknown) = await request.ReadAsync(context.Request, known: null, context.RequestAborted);
        if (question is null)
        {
            return invalid is not null ? invalid : unknown!;
        }

        var reads = new ReadCount();
        var hours = await query.HoursAsync(question, reads, context.RequestAborted);
        return new CsvAnswer(
            $"figures-by-{by}-{question.From:yyyyMMdd}-{question.To:yyyyMMdd}.csv",
            (writer, _) => CsvExports.FiguresAsync(writer, by, line, question, hours, reads));
    }
}
