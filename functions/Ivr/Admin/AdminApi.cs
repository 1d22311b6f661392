using Ivr.Hosting;
using Ivr.Security;
using Ivr.Storage;

namespace Ivr.Admin;

/// <summary>The admin API under <c>/api/admin</c>: JSON, behind an admin key, described at <c>/openapi/v1.json</c>.</summary>
internal static class AdminApi
{
    public const string Prefix = "/api/admin";

    public static string LinePath(string number) => $"{Prefix}/lines/{Uri.EscapeDataString(number)}";

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Prefix)
            .RequireRole(ApiRoles.Admin, ApiRateLimits.Admin)
            .AnswerStorageTroubleWith503()
            .AddEndpointFilterFactory(EndpointFilters.Of<ConcurrentChangeFilter>)
            .WithTags("Lines");

        admin.MapGet("lines", LineEndpoints.ListAsync)
            .WithSummary("List the lines that have rules.")
            .AsFunction("AdminListLines");
        admin.MapGet("lines/{number}", LineEndpoints.GetAsync)
            .WithSummary("Read a line's rules; the ETag header is its version.")
            .AsFunction("AdminGetLine");
        admin.MapPut("lines/{number}", LineEndpoints.PutAsync)
            .Accepts<Rules.LineRulesDocument>("application/json")
            .WithSummary("Create a line, or replace its rules (If-Match with the ETag you read).")
            .AsFunction("AdminPutLine");
        admin.MapDelete("lines/{number}", LineEndpoints.DeleteAsync)
            .WithSummary("Delete a line (If-Match); its history stays.")
            .AsFunction("AdminDeleteLine");
        admin.MapGet("lines/{number}/versions", HistoryEndpoints.ListAsync)
            .WithSummary("A line's versions, newest first: who changed it, when, and how.")
            .AsFunction("AdminLineVersions");
        admin.MapGet("lines/{number}/versions/{version:int}", HistoryEndpoints.GetAsync)
            .WithSummary("One version of a line's rules.")
            .AsFunction("AdminLineVersion");
        admin.MapPost("lines/{number}/versions/{version:int}/restore", HistoryEndpoints.RestoreAsync)
            .WithSummary("Roll back: make an old version current again, as a new version (If-Match).")
            .AsFunction("AdminRestoreLineVersion");
        admin.MapPost("lines/{number}/dry-run", DryRunEndpoint.RunAsync)
            .Accepts<DryRunRequest>("application/json")
            .WithSummary("What Ivr would answer a call from a number at a time, and why; for the saved rules or a draft.")
            .AsFunction("AdminDryRun");
        admin.MapGet("lines/{number}/people", PeopleEndpoints.ListAsync)
            .WithSummary("The line's people now: available, busy, in wrap-up, being offered a caller, or away; and its waiting callers.")
            .AsFunction("AdminLinePeople");
        admin.MapPut("lines/{number}/people/{person}", PeopleEndpoints.SetAsync)
            .Accepts<PresenceRequest>("application/json")
            .WithSummary("Mark one of the line's people away (never rung or offered a caller) or available again.")
            .AsFunction("AdminSetPresence");
        return app;
    }
}
