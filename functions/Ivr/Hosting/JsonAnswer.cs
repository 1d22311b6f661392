using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ivr.Hosting;

/// <summary>
/// A 200 JSON answer written with a source-generated type (so its context's options hold: plain text, no nulls), that
/// tells the OpenAPI document its status and type.
/// </summary>
internal sealed class JsonAnswer<T>(T value, JsonTypeInfo<T> type) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public T Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    object? IValueHttpResult.Value => value;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Json(value, type).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

/// <summary>As <see cref="JsonAnswer{T}"/>, for something just created: 201 with its <c>Location</c>.</summary>
internal sealed class JsonCreated<T>(T value, JsonTypeInfo<T> type, string location) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public T Value => value;

    public int? StatusCode => StatusCodes.Status201Created;

    object? IValueHttpResult.Value => value;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.Location = location;
        return TypedResults.Json(value, type, statusCode: StatusCodes.Status201Created).ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(T), ["application/json"]));
}
