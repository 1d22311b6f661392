namespace Ivr.Storage;

/// <summary>API calls that meet storage trouble get a clear 503 problem, never a bare 500.</summary>
internal sealed partial class StorageTroubleFilter(ILogger<StorageTroubleFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (StorageFailures.IsTrouble(ex))
        {
            LogStorageFailed(logger, ex, context.HttpContext.Request.Path);
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Storage is unavailable.",
                detail: "Storage could not be reached, so nothing was read or changed. Calls are not affected: they keep using the rules already loaded. Try again shortly.");
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "API request {Path} failed on storage.")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, PathString path);
}

internal static class StorageTroubleEndpoints
{
    /// <summary>API endpoints that read or write storage: trouble there is a 503 with <c>Retry-After</c>, never a 500.</summary>
    public static RouteGroupBuilder AnswerStorageTroubleWith503(this RouteGroupBuilder group) =>
        group.AddEndpointFilterFactory(Hosting.EndpointFilters.Of<StorageTroubleFilter>).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
