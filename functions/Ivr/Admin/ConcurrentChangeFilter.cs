using Ivr.Rules;

namespace Ivr.Admin;

/// <summary>
/// A line someone else changed between this request's read and its save (the store's ETag check) gets 412, as a stale
/// <c>If-Match</c> does: nothing was changed, and the client reads it again.
/// </summary>
internal sealed class ConcurrentChangeFilter : IEndpointFilter
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
    }
}
