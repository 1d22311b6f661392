namespace Ivr.Hosting;

/// <summary>
/// Marks an endpoint as an Azure Functions HTTP trigger. Each one has a <c>functions/triggers/&lt;Name&gt;/function.json</c>;
/// a test keeps the two in step.
/// </summary>
internal sealed record FunctionEndpoint(string Name, string AuthLevel)
{
    public const string Anonymous = "anonymous";

    /// <summary>The host asks for a function key (<c>x-functions-key</c>) before the request reaches Ivr.</summary>
    public const string Function = "function";
}

internal static class FunctionEndpointExtensions
{
    public static TBuilder AsFunction<TBuilder>(this TBuilder endpoint, string name, string authLevel = FunctionEndpoint.Anonymous)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithName(name).WithMetadata(new FunctionEndpoint(name, authLevel));
}
