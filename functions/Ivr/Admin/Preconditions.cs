using System.Globalization;
using System.Reflection;
using Ivr.Hosting;
using Ivr.Rules;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ivr.Admin;

/// <summary>
/// Optimistic concurrency for line writes. A line's ETag is its version (<c>"3"</c>). Changing or deleting an existing
/// line needs <c>If-Match</c> with the version the admin read, so two admins cannot silently overwrite each other.
/// </summary>
internal static class Preconditions
{
    public static string ETagOf(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Null when the write may go ahead; otherwise the 428 or 412 to answer with.</summary>
    public static PreconditionProblem? Check(HttpRequest request, StoredLine? current)
    {
        var exists = current?.Document is not null;
        string? ifMatch = request.Headers.IfMatch;
        string? ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch == "*" && exists)
        {
            return Failed($"Line {current!.Number} already exists (version {current.Version}).");
        }

        if (ifMatch is null)
        {
            return exists && ifNoneMatch is null
                ? new PreconditionProblem(
                    StatusCodes.Status428PreconditionRequired,
                    "Send If-Match to change an existing line.",
                    $"Read the line first and send its ETag ({ETagOf(current!.Version)} now) in If-Match, so a change made meanwhile is not overwritten.")
                : null;
        }

        if (!exists)
        {
            return Failed("The line does not exist, so it cannot match If-Match.");
        }

        var matches = ifMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == ETagOf(current!.Version) || t == "W/" + ETagOf(current.Version));
        return matches ? null : Failed($"The line is at version {current!.Version} ({ETagOf(current.Version)}); someone changed it since it was read. Read it again and reapply the change.");
    }

    public static PreconditionProblem Failed(string detail) =>
        new(StatusCodes.Status412PreconditionFailed, "The line changed since it was read.", detail);
}

/// <summary>412 (the line changed since it was read) or 428 (send <c>If-Match</c>): nothing was changed.</summary>
internal sealed class PreconditionProblem(int status, string title, string detail) : ProblemAnswer(status, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Describe(builder, StatusCodes.Status412PreconditionFailed, StatusCodes.Status428PreconditionRequired);
}
