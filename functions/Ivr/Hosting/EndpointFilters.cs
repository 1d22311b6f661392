using System.Diagnostics.CodeAnalysis;

namespace Ivr.Hosting;

internal static class EndpointFilters
{
    /// <summary>
    /// For <c>AddEndpointFilterFactory</c>: one <typeparamref name="TFilter"/> per endpoint, made with the app's services
    /// (Ivr's filters keep no state and need only singletons). <c>AddEndpointFilter&lt;TFilter&gt;()</c> instead makes one
    /// per request, and at start-up first looks for a constructor taking the factory's context: finding none, it throws
    /// and catches an exception, once per filter. A process's first exceptions are slow, and these were on the caller's
    /// clock, before the first call could be answered.
    /// </summary>
    public static EndpointFilterDelegate Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(
        EndpointFilterFactoryContext context, EndpointFilterDelegate next)
        where TFilter : class, IEndpointFilter
    {
        var filter = ActivatorUtilities.CreateInstance<TFilter>(context.ApplicationServices);
        return invocation => filter.InvokeAsync(invocation, next);
    }
}
