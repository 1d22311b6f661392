using System.Text.Json.Nodes;
using System.Xml.Linq;
using Ivr.Twilio.Twiml;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// Compares TwiML as XML trees, the way Twilio reads it: element names, attributes as sets, text. Attribute order,
/// the declaration's spelling (<c>UTF-8</c> or <c>utf-8</c>), indentation between elements and how an empty element
/// is written (<c>&lt;Hangup/&gt;</c> or <c>&lt;Hangup&gt;&lt;/Hangup&gt;</c>) do not matter.
/// </summary>
internal static class TwimlTrees
{
    /// <summary>Fails, showing both documents, unless <paramref name="ours"/> is the same tree as Twilio's <paramref name="reference"/>.</summary>
    public static void AssertSame(string reference, XDocument ours) =>
        Assert.True(XNode.DeepEquals(Normalise(XDocument.Parse(reference)), Normalise(ours)), $"ours:\n{ours}\ntwilio:\n{reference}");

    /// <inheritdoc cref="AssertSame(string, XDocument)"/>
    public static void AssertSame(string reference, string ours) => AssertSame(reference, XDocument.Parse(ours));

    /// <summary>Ours against what Twilio's C# package renders for the same verbs.</summary>
    public static void AssertSame(global::Twilio.TwiML.VoiceResponse twilio, VoiceResponse ours) =>
        AssertSame(twilio.ToString(SaveOptions.DisableFormatting), TwimlWriter.ToXml(ours));

    /// <summary>Ours against what Twilio's npm package renders for <paramref name="verbs"/> (see <see cref="TwilioOracle"/>).</summary>
    public static async Task AssertSameAsNpmAsync(TwilioOracle oracle, VoiceResponse ours, params JsonObject[] verbs) =>
        AssertSame(await oracle.TwimlAsync(new JsonArray(verbs)), TwimlWriter.ToXml(ours));

    private static XElement Normalise(XDocument document) => Sorted(document.Root!);

    // Rebuilt, so an element without content compares equal however it was written.
    private static XElement Sorted(XElement element) =>
        new(element.Name, element.Attributes().OrderBy(a => a.Name.ToString(), StringComparer.Ordinal), element.Nodes().Select(n => n is XElement e ? Sorted(e) : n));
}
