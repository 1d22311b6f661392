using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ivr.Admin;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer &lt;key&gt;</c> naming one of the configured admin keys,
/// compared in constant time. Everything else gets 401 before any handler runs, so it changes nothing.
/// </summary>
internal sealed class AdminKeyFilter : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";
    private const string ActorItem = "Ivr.Admin.Actor";

    private readonly (byte[] Hash, string Actor)[] keys;

    public AdminKeyFilter(IOptions<AdminOptions> options) =>
        keys = options.Value.ApiKeys.Select(k => k.Trim()).Where(k => k.Length > 0).Select(k => (Hash(k), Actor(k))).ToArray();

    /// <summary>Who made the change, for the version history: a short fingerprint of the key, never the key.</summary>
    public static string ActorOf(HttpContext context) => context.Items[ActorItem] as string ?? "unknown";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        string? header = context.HttpContext.Request.Headers.Authorization;
        if (header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // Comparing fixed-length hashes keeps the time independent of both the key's content and its length.
            var presented = Hash(header[BearerPrefix.Length..].Trim());
            string? actor = null;
            foreach (var (hash, name) in keys)
            {
                if (CryptographicOperations.FixedTimeEquals(presented, hash))
                {
                    actor = name;
                }
            }

            if (actor is not null)
            {
                context.HttpContext.Items[ActorItem] = actor;
                return await next(context);
            }
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "An admin API key is required.",
            detail: "Send one of the keys configured as Admin__ApiKeys__N in an 'Authorization: Bearer <key>' header.");
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Actor(string key) => "key " + Convert.ToHexStringLower(Hash(key))[..8];
}
