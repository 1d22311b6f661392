using Azure;
using Ivr.Rules;
using Ivr.Storage;

namespace Ivr.Admin;

/// <summary>Admin and analytics calls that meet storage trouble or a concurrent change get a clear problem, never a bare 500.</summary>
internal sealed partial class StorageTroubleFilter(ILogger<StorageTroubleFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (LineChangedConcurrentlyException ex)
        {
            return Preconditions.Failed(ex.Message + " Read it again and reapply the change.");
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
