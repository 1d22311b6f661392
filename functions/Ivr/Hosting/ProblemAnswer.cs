using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Ivr.Hosting;

/// <summary>
/// A problem+json answer whose status the OpenAPI document knows from its type: a subclass declares the statuses it
/// answers with in its <c>PopulateMetadata</c> (the framework's own <c>ProblemHttpResult</c> declares none).
/// </summary>
internal abstract class ProblemAnswer(int status, string title, string? detail) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status;

    public string Title => title;

    public string? Detail => detail;

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(httpContext);

    protected static void Describe(EndpointBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
    }
}

/// <summary>404: what the request names does not exist.</summary>
internal sealed class NotFoundProblem(string title, string? detail) : ProblemAnswer(StatusCodes.Status404NotFound, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}
