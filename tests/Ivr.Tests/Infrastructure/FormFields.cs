namespace Ivr.Tests.Infrastructure;

/// <summary>Form bodies as test cases write them (<c>a=1&amp;b=2</c>), in the shapes the signature code takes.</summary>
internal static class FormFields
{
    /// <summary>The fields in their order, repeated names kept.</summary>
    public static List<KeyValuePair<string, string>> Parse(string body) =>
        body.Length == 0 ? [] : body.Split('&').Select(pair => pair.Split('=', 2)).Select(p => new KeyValuePair<string, string>(Decode(p[0]), Decode(p[1]))).ToList();

    /// <summary>Values grouped by name, as Ivr's <c>RequestSignature</c> takes them.</summary>
    public static IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> Grouped(IEnumerable<KeyValuePair<string, string>> form) =>
        form.GroupBy(f => f.Key, StringComparer.Ordinal).Select(g => new KeyValuePair<string, IReadOnlyList<string>>(g.Key, g.Select(f => f.Value).ToList()));

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
