using Ivr.Hosting;
using Ivr.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Admin;

/// <summary>List, read, create or replace, and delete lines.</summary>
internal static class LineEndpoints
{
    public static async Task<JsonAnswer<IReadOnlyList<LineSummary>>> ListAsync(LineRulesStore store, CancellationToken cancellationToken)
    {
        var lines = await store.ListAsync(cancellationToken);
        IReadOnlyList<LineSummary> summaries = lines
            .OrderBy(l => l.Number, StringComparer.Ordinal)
            .Select(l => new LineSummary(l.Number, l.Document!.Name ?? l.Number, l.Version, l.ChangedAt, l.ChangedBy))
            .ToList();
        return new(summaries, AdminJson.Plain.IReadOnlyListLineSummary);
    }

    public static async Task<Results<JsonAnswer<LineRulesDocument>, ValidationProblem, NotFoundProblem>> GetAsync(
        string number, HttpResponse response, LineRulesStore store, CancellationToken cancellationToken)
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
        return Rules(line.Document with { Number = number });
    }

    public static async Task<Results<JsonAnswer<LineRulesDocument>, JsonCreated<LineRulesDocument>, ValidationProblem, PreconditionProblem>> PutAsync(
        string number, HttpContext context, LineRulesStore store, LineRulesCache cache, TimeProvider time)
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
        var body = document with { Number = number };
        return created ? new JsonCreated<LineRulesDocument>(body, AdminJson.Plain.LineRulesDocument, AdminApi.LinePath(number)) : Rules(body);
    }

    public static async Task<Results<NoContent, ValidationProblem, NotFoundProblem, PreconditionProblem>> DeleteAsync(
        string number, HttpContext context, LineRulesStore store, LineRulesCache cache, TimeProvider time)
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

    public static ValidationProblem? InvalidNumber(string number) =>
        PhoneNumber.IsE164(number) ? null : JsonBody.Invalid("number", $"The line must be an E.164 number such as +31201234567 (got '{number}').");

    public static NotFoundProblem NotFound(string number) =>
        new("No such line.", $"Line {number} has no rules. Create them with PUT {AdminApi.LinePath(number)}.");

    /// <summary>A line's rules as answered: plain JSON, fields without a value left out.</summary>
    public static JsonAnswer<LineRulesDocument> Rules(LineRulesDocument document) => new(document, AdminJson.Plain.LineRulesDocument);
}
