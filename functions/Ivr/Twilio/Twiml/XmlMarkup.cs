using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;

namespace Ivr.Twilio.Twiml;

/// <summary>
/// The little XML that TwiML needs (declaration, elements, attributes, text) written as UTF-8 into a pooled
/// buffer. Every piece of text is escaped, so text from outside (names, prompts) can never become markup, and
/// characters XML 1.0 cannot carry (control characters, lone surrogates) are dropped instead of failing the call.
/// Element and attribute names are our own constants and are written as they are.
/// </summary>
internal sealed class XmlMarkup : IDisposable
{
    private const int InitialSize = 2048;

    private byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int length;
    private bool startTagOpen;
    private OpenElements open;
    private int depth;

    public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, length);

    public void Declaration() => Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8);

    public void StartElement(string name)
    {
        CloseStartTag();
        Raw("<"u8);
        Ascii(name);
        if (depth == OpenElements.Length)
        {
            throw new InvalidOperationException($"TwiML nests at most {OpenElements.Length} elements deep.");
        }

        open[depth++] = name;
        startTagOpen = true;
    }

    public void Attribute(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        Raw(" "u8);
        Ascii(name);
        Raw("=\""u8);
        Escaped(value, inAttribute: true);
        Raw("\""u8);
    }

    public void Text(string text)
    {
        CloseStartTag();
        Escaped(text, inAttribute: false);
    }

    public void EndElement()
    {
        var name = open[--depth];
        if (startTagOpen)
        {
            Raw(" />"u8);
            startTagOpen = false;
            return;
        }

        Raw("</"u8);
        Ascii(name);
        Raw(">"u8);
    }

    public void Dispose()
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private void CloseStartTag()
    {
        if (startTagOpen)
        {
            Raw(">"u8);
            startTagOpen = false;
        }
    }

    /// <summary>
    /// Characters that are not always plain: markup, quotes, control characters and line breaks, surrogates (valid only
    /// in pairs) and the two non-characters. Everything between them is transcoded in one go.
    /// </summary>
    private static readonly SearchValues<char> NotAlwaysPlain = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '&', '<', '>', '"', .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c), '\uFFFE', '\uFFFF']);

    private void Escaped(string text, bool inAttribute)
    {
        var rest = text.AsSpan();
        for (var next = rest.IndexOfAny(NotAlwaysPlain); next >= 0; next = rest.IndexOfAny(NotAlwaysPlain))
        {
            Utf8(rest[..next]);
            var c = rest[next];
            var taken = 1;
            if (char.IsHighSurrogate(c) && next + 1 < rest.Length && char.IsLowSurrogate(rest[next + 1]))
            {
                taken = 2;
                Utf8(rest.Slice(next, taken));
            }
            else if (Entity(c, inAttribute) is { IsEmpty: false } entity)
            {
                Raw(entity);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                Utf8(rest.Slice(next, taken));
            }

            // Anything else XML 1.0 cannot carry is dropped.
            rest = rest[(next + taken)..];
        }

        Utf8(rest);
    }

    /// <summary>
    /// What a character must be written as, or nothing when it stands for itself. In attributes tabs and line breaks
    /// too, which a parser would otherwise turn into spaces; in text a carriage return, which it would drop.
    /// </summary>
    private static ReadOnlySpan<byte> Entity(char c, bool inAttribute) => c switch
    {
        '&' => "&amp;"u8,
        '<' => "&lt;"u8,
        '>' => "&gt;"u8,
        '"' when inAttribute => "&quot;"u8,
        '\t' when inAttribute => "&#x9;"u8,
        '\n' when inAttribute => "&#xA;"u8,
        '\r' => "&#xD;"u8,
        _ => [],
    };

    private void Utf8(ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty)
        {
            Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
            length += Encoding.UTF8.GetBytes(text, buffer.AsSpan(length));
        }
    }

    private void Ascii(string name)
    {
        Ensure(name.Length);
        length += Encoding.ASCII.GetBytes(name, buffer.AsSpan(length));
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (length + more <= buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + more));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    /// <summary>The names of the elements still open, innermost last: TwiML nests three deep (Response, Gather, Say).</summary>
    [InlineArray(Length)]
    private struct OpenElements
    {
        public const int Length = 4;

        private string element;
    }
}
