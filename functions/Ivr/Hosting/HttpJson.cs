using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Ivr.Hosting;

internal static class HttpJson
{
    /// <summary>
    /// JSON for HTTP answers: only the source-generated contexts each feature adds, never the reflection resolver.
    /// Reflection stays enabled in the Native AOT build because Azure.Data.Tables needs it for its own models, but our
    /// types must not fall back to it there (it fails at run time); with it out of the chain, a type missing from a
    /// context fails every build's tests instead. And answers are JSON, never embedded in HTML, so + in phone numbers
    /// may stay readable instead of \u002B (<see cref="PlainJson"/>). Endpoints that pass a context's type info use that
    /// context's <c>Plain</c> instance for the same reason.
    /// </summary>
    public static IServiceCollection ConfigureHttpJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Clear();
            json.SerializerOptions.TypeInfoResolverChain.Add(HostingJson.Default);
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
}

/// <summary>Hosting's own answers, and the problem shapes the OpenAPI document describes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(TimerRunResult))]
internal sealed partial class HostingJson : JsonSerializerContext
{
    /// <summary>For answers: text as it is (<see cref="PlainJson"/>).</summary>
    public static HostingJson Plain => field ??= new(PlainJson.Options(Default.Options));
}
