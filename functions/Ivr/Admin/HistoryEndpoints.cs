using Ivr.Hosting;
using Ivr.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Admin;

/// <summary>A line's versions: who changed what and when, and rolling back to one of them.</summary>
internal static class HistoryEndpoints
{
    public static async Task<Results<JsonAnswer<IReadOnlyList<VersionSummary>>, ValidationProblem, NotFoundProblem>> ListAsync(
        string number, LineRulesStore store, CancellationToken cancellationToken)
    {
        if (LineEndpoints.InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }

        var versions = await store.HistoryAsync(number, cancellationToken);
        if (versions.Count == 0)
        {
            return LineEndpoints.NotFound(number);
        }

        IReadOnlyList<VersionSummary> summaries = versions.Select(v => new VersionSummary(v.Version, v.ChangedAt, v.ChangedBy, v.Change)).ToList();
        return new JsonAnswer<IReadOnlyList<VersionSummary>>(summaries, AdminJson.Plain.IReadOnlyListVersionSummary);
    }

    public static async Task<Results<JsonAnswer<VersionDetail>, ValidationProblem, NotFoundProblem>> GetAsync(
        string number, int version, LineRulesStore store, CancellationToken cancellationToken)
    {
        if (LineEndpoints.InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }

        var found = await store.VersionAsync(number, version, cancellationToken);
        if (found is null)
        {
            return NoSuchVersion(number, version);
        }

        return new JsonAnswer<VersionDetail>(new VersionDetail(found.Version, found.ChangedAt, found.ChangedBy, found.Change, found.Document), AdminJson.Plain.VersionDetail);
    }

    /// <summary>Makes an old version current again, as a new version (history is never rewritten).</summary>
    public static async Task<Results<JsonAnswer<LineRulesDocument>, ValidationProblem, NotFoundProblem, PreconditionProblem>> RestoreAsync(
        string number, int version, HttpContext context, LineRulesStore store, LineRulesCache cache, TimeProvider time)
    {
        if (LineEndpoints.InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }

        var cancellationToken = context.RequestAborted;
        var old = await store.VersionAsync(number, version, cancellationToken);
        if (old is null)
        {
            return NoSuchVersion(number, version);
        }

        if (old.Document is null)
        {
            return JsonBody.Invalid("version", $"Version {version} is the line's deletion; restore a version that has rules.");
        }

        var (rules, errors) = LineRulesReader.Read(number, old.Document);
        if (rules is null)
        {
            return JsonBody.Invalid(errors.ToDictionary(e => "rules." + e.Key, e => e.Value));
        }

        var current = await store.GetAsync(number, cancellationToken);
        if (Preconditions.Check(context.Request, current) is { } failed)
        {
            return failed;
        }

        var saved = await store.SaveAsync(number, current, old.Document, $"restored version {version}", Security.ApiRoles.ActorOf(context.User), time.GetUtcNow(), cancellationToken);
        cache.Apply(number, rules);
        context.Response.Headers.ETag = Preconditions.ETagOf(saved.Version);
        return LineEndpoints.Rules(old.Document with { Number = number });
    }

    private static NotFoundProblem NoSuchVersion(string number, int version) =>
        new("No such version.", $"Line {number} has no version {version}.");
}
