using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Admin;

/// <summary>Reads an admin request's JSON body, or a 400 problem naming the field that could not be read.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
            return value is null ? (null, Invalid("body", "Send a JSON object.")) : (value, null);
        }
        catch (BadHttpRequestException ex) when (Hosting.RequestLimits.IsTooLarge(ex))
        {
            return (null, Invalid("body", $"The body is larger than {Hosting.RequestLimits.MaxBodyBytes / 1024} KiB; nothing was changed."));
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            var message = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "Unknown field; check its spelling against the OpenAPI document at /openapi/v1.json."
                : ex.Path is null or "$" ? "The body is not a valid JSON object." : "Not valid here: wrong type or malformed JSON.";
            return (null, Invalid(field, message));
        }
    }

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields; nothing was changed.");
}
