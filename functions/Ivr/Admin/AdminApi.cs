using Ivr.Hosting;

namespace Ivr.Admin;

/// <summary>The admin API under <c>/api/admin</c>: JSON, behind an admin key, described at <c>/openapi/v1.json</c>.</summary>
internal static class AdminApi
{
    public const string Prefix = "/api/admin";

    public static string LinePath(string number) => $"{Prefix}/lines/{Uri.EscapeDataString(number)}";

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Prefix)
            .RequireAuthorization(Security.ApiRoles.Admin)
            .RequireRateLimiting(Security.ApiRateLimits.Admin)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddEndpointFilterFactory(EndpointFilters.Of<Storage.StorageTroubleFilter>)
            .AddEndpointFilterFactory(EndpointFilters.Of<ConcurrentChangeFilter>)
            .WithTags("Lines")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        admin.MapGet("lines", LineEndpoints.ListAsync)
            .Produces<IReadOnlyList<LineSummary>>()
            .WithSummary("List the lines that have rules.")
            .AsFunction("AdminListLines");
        admin.MapGet("lines/{number}", LineEndpoints.GetAsync)
            .Produces<Rules.LineRulesDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Read a line's rules; the ETag header is its version.")
            .AsFunction("AdminGetLine");
        admin.MapPut("lines/{number}", LineEndpoints.PutAsync)
            .Accepts<Rules.LineRulesDocument>("application/json")
            .Produces<Rules.LineRulesDocument>(StatusCodes.Status200OK)
            .Produces<Rules.LineRulesDocument>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithSummary("Create a line, or replace its rules (If-Match with the ETag you read).")
            .AsFunction("AdminPutLine");
        admin.MapDelete("lines/{number}", LineEndpoints.DeleteAsync)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithSummary("Delete a line (If-Match); its history stays.")
            .AsFunction("AdminDeleteLine");
        admin.MapGet("lines/{number}/versions", HistoryEndpoints.ListAsync)
            .Produces<IReadOnlyList<VersionSummary>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A line's versions, newest first: who changed it, when, and how.")
            .AsFunction("AdminLineVersions");
        admin.MapGet("lines/{number}/versions/{version:int}", HistoryEndpoints.GetAsync)
            .Produces<VersionDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One version of a line's rules.")
            .AsFunction("AdminLineVersion");
        admin.MapPost("lines/{number}/versions/{version:int}/restore", HistoryEndpoints.RestoreAsync)
            .Produces<Rules.LineRulesDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithSummary("Roll back: make an old version current again, as a new version (If-Match).")
            .AsFunction("AdminRestoreLineVersion");
        admin.MapPost("lines/{number}/dry-run", DryRunEndpoint.RunAsync)
            .Accepts<DryRunRequest>("application/json")
            .Produces<DryRunResult>()
            .ProducesValidationProblem()
            .WithSummary("What Ivr would answer a call from a number at a time, and why; for the saved rules or a draft.")
            .AsFunction("AdminDryRun");
        return app;
    }
}
