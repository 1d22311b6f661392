using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.Admin;

/// <summary>List, read, create or replace, and delete lines.</summary>
internal static class LineEndpoints
{
    public static async Task<IResult> ListAsync(LineRulesStore store, CancellationToken cancellationToken)
    {
        var lines = await store.ListAsync(cancellationToken);
        IReadOnlyList<LineSummary> summaries = lines
            .OrderBy(l => l.Number, StringComparer.Ordinal)
            .Select(l => new LineSummary(l.Number, l.Document!.Name ?? l.Number, l.Version, l.ChangedAt, l.ChangedBy))
            .ToList();
        return TypedResults.Json(summaries, AdminJson.Plain.IReadOnlyListLineSummary);
    }

    public static async Task<IResult> GetAsync(string number, HttpResponse response, LineRulesStore store, CancellationToken cancellationToken)
    {
        if (InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }

        var line = await store.GetAsync(number, cancellationToken);
        if (line?.Document is null)
        {
            return NotFound(number);
        }

        response.Headers.ETag = Preconditions.ETagOf(line.Version);
        return TypedResults.Json(line.Document with { Number = number }, AdminJson.Plain.LineRulesDocument);
    }

    public static async Task<IResult> PutAsync(string number, HttpContext context, LineRulesStore store, LineRulesCache cache, TimeProvider time)
    {
        var (document, problem) = await JsonBody.ReadAsync(context.Request, RulesJson.Default.LineRulesDocument);
        if (document is null)
        {
            return problem!;
        }

        var (rules, errors) = LineRulesReader.Read(number, document);
        if (rules is null)
        {
            return JsonBody.Invalid(errors.ToDictionary());
        }

        var cancellationToken = context.RequestAborted;
        var current = await store.GetAsync(number, cancellationToken);
        if (Preconditions.Check(context.Request, current) is { } failed)
        {
            return failed;
        }

        var created = current?.Document is null;
        var saved = await store.SaveAsync(number, current, document with { Number = null }, created ? "created" : "replaced", Security.ApiRoles.ActorOf(context.User), time.GetUtcNow(), cancellationToken);
        cache.Apply(number, rules);

        context.Response.Headers.ETag = Preconditions.ETagOf(saved.Version);
        if (created)
        {
            context.Response.Headers.Location = AdminApi.LinePath(number);
        }

        return TypedResults.Json(document with { Number = number }, AdminJson.Plain.LineRulesDocument, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<IResult> DeleteAsync(string number, HttpContext context, LineRulesStore store, LineRulesCache cache, TimeProvider time)
    {
        if (InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }

        var current = await store.GetAsync(number, context.RequestAborted);
        if (current?.Document is null)
        {
            return NotFound(number);
        }

        if (Preconditions.Check(context.Request, current) is { } failed)
        {
            return failed;
        }

        await store.SaveAsync(number, current, null, "deleted", Security.ApiRoles.ActorOf(context.User), time.GetUtcNow(), context.RequestAborted);
        cache.Apply(number, null);
        return TypedResults.NoContent();
    }

    public static IResult? InvalidNumber(string number) =>
        PhoneNumber.IsE164(number) ? null : JsonBody.Invalid("number", $"The line must be an E.164 number such as +31201234567 (got '{number}').");

    public static IResult NotFound(string number) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such line.", detail: $"Line {number} has no rules. Create them with PUT {AdminApi.LinePath(number)}.");
}
