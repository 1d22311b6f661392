namespace Ivr.AdminConsole;

/// <summary>
/// The console's scripts (ES modules, one per view) and style sheet, embedded in the assembly from <c>Assets/</c> (no
/// build step, no files beside the app, nothing fetched from elsewhere), read once. Served from the app's own origin,
/// they are all the strict content security policy lets the page load.
/// </summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "AdminConsole.";

    private readonly Dictionary<string, (byte[] Content, string ContentType)> files = typeof(ConsoleAssets).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
        .ToDictionary(name => name[Prefix.Length..], name => (Read(name), ContentTypeOf(name)), StringComparer.Ordinal);

    public (byte[] Content, string ContentType)? Find(string name) => files.TryGetValue(name, out var file) ? file : null;

    private static string ContentTypeOf(string name) =>
        name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8"
        : name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8"
        : throw new InvalidOperationException($"The console has no content type for {name}.");

    private static byte[] Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The console's {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
