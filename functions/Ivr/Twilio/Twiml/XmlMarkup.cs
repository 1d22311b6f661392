using System.Buffers;
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
    private readonly Stack<string> open = new(4);

    public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, length);

    public void Declaration() => Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8);

    public void StartElement(string name)
    {
        CloseStartTag();
        Raw("<"u8);
        Ascii(name);
        open.Push(name);
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
        var name = open.Pop();
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
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    private void CloseStartTag()
    {
        if (startTagOpen)
        {
            Raw(">"u8);
            startTagOpen = false;
        }
    }

    /// <summary>Runs of plain characters are transcoded whole; the rest become entities or are dropped.</summary>
    private void Escaped(string text, bool inAttribute)
    {
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            var entity = Entity(c, inAttribute);
            if (entity.IsEmpty && XmlConvert.IsXmlChar(c))
            {
                continue;
            }

            Utf8(text.AsSpan(run, i - run));
            Raw(entity);
            run = i + 1;
        }

        Utf8(text.AsSpan(run));
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
}
