namespace Ivr.AdminConsole;

/// <summary>
/// The console's script and style sheet, embedded in the assembly (no build step, nothing fetched from elsewhere), read
/// once. Served from the app's own origin, they are all the strict content security policy lets the page load.
/// </summary>
internal sealed class ConsoleAssets
{
    private readonly Dictionary<string, (byte[] Content, string ContentType)> files = new(StringComparer.Ordinal)
    {
        ["console.js"] = (Read("console.js"), "text/javascript; charset=utf-8"),
        ["console.css"] = (Read("console.css"), "text/css; charset=utf-8"),
    };

    public (byte[] Content, string ContentType)? Find(string name) => files.TryGetValue(name, out var file) ? file : null;

    private static byte[] Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("AdminConsole." + name)
            ?? throw new InvalidOperationException($"The console's {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
