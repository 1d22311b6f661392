namespace Ivr.Storage;

/// <summary>
/// API calls that meet storage trouble get a clear 503 problem, never a bare 500: trouble in the handler, and trouble in
/// an answer that reads storage as it is written (a streamed CSV), as long as nothing was sent yet.
/// </summary>
internal sealed partial class StorageTroubleFilter(ILogger<StorageTroubleFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            var result = await next(context);
            return result is IResult answer ? new Guarded(answer, this) : result;
        }
        catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, context.HttpContext.RequestAborted))
        {
            return Unavailable(context.HttpContext, ex);
        }
    }

    private Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unavailable(HttpContext context, Exception exception)
    {
        LogStorageFailed(logger, exception, context.Request.Path);
        context.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Storage is unavailable.",
            detail: "Storage could not be reached, so nothing was read or changed. Calls are not affected: they keep using the rules already loaded. Try again shortly.");
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "API request {Path} failed on storage.")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, PathString path);

    /// <summary>An answer written under the filter's care: storage trouble before its first byte still becomes the 503.</summary>
    private sealed class Guarded(IResult answer, StorageTroubleFilter filter) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await answer.ExecuteAsync(httpContext);
            }
            catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, httpContext.RequestAborted) && !httpContext.Response.HasStarted)
            {
                httpContext.Response.Clear();
                await filter.Unavailable(httpContext, ex).ExecuteAsync(httpContext);
            }
        }
    }
}

internal static class StorageTroubleEndpoints
{
    /// <summary>API endpoints that read or write storage: trouble there is a 503 with <c>Retry-After</c>, never a 500.</summary>
    public static RouteGroupBuilder AnswerStorageTroubleWith503(this RouteGroupBuilder group) =>
        group.AddEndpointFilterFactory(Hosting.EndpointFilters.Of<StorageTroubleFilter>).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
