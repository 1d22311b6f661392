using System.Globalization;
using System.Text;
using System.Xml;

namespace Ivr.Twilio.Twiml;

/// <summary>
/// Serialises a <see cref="VoiceResponse"/> with <see cref="XmlWriter"/>, so every piece of text is escaped
/// and text from outside (names, prompts) can never become markup.
/// </summary>
internal static class TwimlWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        OmitXmlDeclaration = false,
        CloseOutput = false,
    };

    public static void Write(VoiceResponse response, Stream output)
    {
        using var xml = XmlWriter.Create(output, Settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("Response");
        foreach (var verb in response.Verbs)
        {
            WriteVerb(xml, verb);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    public static string ToXml(VoiceResponse response)
    {
        using var buffer = new MemoryStream();
        Write(response, buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteVerb(XmlWriter xml, TwimlVerb verb)
    {
        switch (verb)
        {
            case Say say:
                xml.WriteStartElement("Say");
                Attribute(xml, "voice", say.Voice);
                Attribute(xml, "language", say.Language);
                xml.WriteString(XmlSafe(say.Text));
                xml.WriteEndElement();
                break;
            case Gather gather:
                xml.WriteStartElement("Gather");
                Attribute(xml, "action", gather.Action);
                Attribute(xml, "numDigits", gather.NumDigits);
                Attribute(xml, "timeout", gather.TimeoutSeconds);
                if (gather.Prompt is not null)
                {
                    WriteVerb(xml, gather.Prompt);
                }

                xml.WriteEndElement();
                break;
            case Dial dial:
                xml.WriteStartElement("Dial");
                Attribute(xml, "action", dial.Action);
                Attribute(xml, "timeout", dial.TimeoutSeconds);
                Attribute(xml, "answerOnBridge", dial.AnswerOnBridge);
                Attribute(xml, "callerId", dial.CallerId);
                foreach (var noun in dial.Nouns)
                {
                    WriteNoun(xml, noun);
                }

                xml.WriteEndElement();
                break;
            case Record record:
                xml.WriteStartElement("Record");
                Attribute(xml, "action", record.Action);
                Attribute(xml, "maxLength", record.MaxLengthSeconds);
                Attribute(xml, "timeout", record.TimeoutSeconds);
                Attribute(xml, "playBeep", record.PlayBeep);
                xml.WriteEndElement();
                break;
            case Hangup:
                xml.WriteStartElement("Hangup");
                xml.WriteEndElement();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(verb), verb.GetType().Name, "No TwiML for this verb.");
        }
    }

    private static void WriteNoun(XmlWriter xml, DialNoun noun)
    {
        xml.WriteStartElement(noun.Kind.ToString());
        Attribute(xml, "url", noun.Url);
        Attribute(xml, "statusCallback", noun.StatusCallback);
        Attribute(xml, "statusCallbackEvent", noun.StatusCallbackEvents.Count == 0 ? null : string.Join(' ', noun.StatusCallbackEvents));
        xml.WriteString(XmlSafe(noun.Address));
        xml.WriteEndElement();
    }

    private static void Attribute(XmlWriter xml, string name, string? value)
    {
        if (value is not null)
        {
            xml.WriteAttributeString(name, XmlSafe(value));
        }
    }

    private static void Attribute(XmlWriter xml, string name, int? value) =>
        Attribute(xml, name, value?.ToString(CultureInfo.InvariantCulture));

    private static void Attribute(XmlWriter xml, string name, bool? value) =>
        Attribute(xml, name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Drops characters XML 1.0 cannot carry (control characters, lone surrogates) instead of failing the call.</summary>
    private static string XmlSafe(string text)
    {
        var firstInvalid = IndexOfInvalidXmlChar(text);
        if (firstInvalid < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(text[i]).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                safe.Append(text[i]);
            }
        }

        return safe.ToString();
    }

    private static int IndexOfInvalidXmlChar(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                continue;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
