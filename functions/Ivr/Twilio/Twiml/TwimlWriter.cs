using System.Globalization;
using System.Text;

namespace Ivr.Twilio.Twiml;

/// <summary>Serialises a <see cref="VoiceResponse"/> through <see cref="XmlMarkup"/>, which escapes every piece of text.</summary>
internal static class TwimlWriter
{
    /// <summary>The document as UTF-8 in a pooled buffer, which the caller disposes once it has sent it.</summary>
    public static XmlMarkup Render(VoiceResponse response)
    {
        var xml = new XmlMarkup();
        xml.Declaration();
        xml.StartElement("Response");
        // Indexed, not foreach: an interface's enumerator is one more object per answer.
        for (var i = 0; i < response.Verbs.Count; i++)
        {
            WriteVerb(xml, response.Verbs[i]);
        }

        xml.EndElement();
        return xml;
    }

    public static void Write(VoiceResponse response, Stream output)
    {
        using var xml = Render(response);
        output.Write(xml.Written.Span);
    }

    public static string ToXml(VoiceResponse response)
    {
        using var xml = Render(response);
        return Encoding.UTF8.GetString(xml.Written.Span);
    }

    private static void WriteVerb(XmlMarkup xml, TwimlVerb verb)
    {
        switch (verb)
        {
            case Say say:
                xml.StartElement("Say");
                Attribute(xml, "voice", say.Voice);
                Attribute(xml, "language", say.Language);
                xml.Text(say.Text);
                xml.EndElement();
                break;
            case Gather gather:
                xml.StartElement("Gather");
                Attribute(xml, "action", gather.Action);
                Attribute(xml, "numDigits", gather.NumDigits);
                Attribute(xml, "timeout", gather.TimeoutSeconds);
                Attribute(xml, "finishOnKey", gather.FinishOnKey);
                if (gather.Prompt is not null)
                {
                    WriteVerb(xml, gather.Prompt);
                }

                for (var i = 0; i < gather.Then.Count; i++)
                {
                    WriteVerb(xml, gather.Then[i]);
                }

                xml.EndElement();
                break;
            case Dial dial:
                xml.StartElement("Dial");
                Attribute(xml, "action", dial.Action);
                Attribute(xml, "timeout", dial.TimeoutSeconds);
                Attribute(xml, "answerOnBridge", dial.AnswerOnBridge);
                Attribute(xml, "callerId", dial.CallerId);
                for (var i = 0; i < dial.Nouns.Count; i++)
                {
                    WriteNoun(xml, dial.Nouns[i]);
                }

                xml.EndElement();
                break;
            case Record record:
                xml.StartElement("Record");
                Attribute(xml, "action", record.Action);
                Attribute(xml, "maxLength", record.MaxLengthSeconds);
                Attribute(xml, "timeout", record.TimeoutSeconds);
                Attribute(xml, "playBeep", record.PlayBeep);
                xml.EndElement();
                break;
            case Hangup:
                xml.StartElement("Hangup");
                xml.EndElement();
                break;
            case Enqueue enqueue:
                xml.StartElement("Enqueue");
                Attribute(xml, "action", enqueue.Action);
                Attribute(xml, "method", enqueue.Action is null ? null : "POST");
                Attribute(xml, "waitUrl", enqueue.WaitUrl);
                Attribute(xml, "waitUrlMethod", enqueue.WaitUrl is null ? null : "POST");
                xml.Text(enqueue.QueueName);
                xml.EndElement();
                break;
            case Leave:
                xml.StartElement("Leave");
                xml.EndElement();
                break;
            case Play play:
                xml.StartElement("Play");
                xml.Text(play.Url);
                xml.EndElement();
                break;
            case Pause pause:
                xml.StartElement("Pause");
                Attribute(xml, "length", pause.Seconds);
                xml.EndElement();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(verb), verb.GetType().Name, "No TwiML for this verb.");
        }
    }

    private static void WriteNoun(XmlMarkup xml, DialNoun noun)
    {
        xml.StartElement(noun.Kind switch
        {
            DialNounKind.Client => "Client",
            DialNounKind.Sip => "Sip",
            DialNounKind.Queue => "Queue",
            _ => "Number",
        });
        Attribute(xml, "url", noun.Url);
        Attribute(xml, "machineDetection", noun.MachineDetection);
        Attribute(xml, "statusCallback", noun.StatusCallback);
        Attribute(xml, "statusCallbackEvent", noun.StatusCallbackEvents switch
        {
            [] => null,
            [var only] => only,
            var events => string.Join(' ', events),
        });
        xml.Text(noun.Address);
        xml.EndElement();
    }

    private static void Attribute(XmlMarkup xml, string name, string? value) => xml.Attribute(name, value);

    private static void Attribute(XmlMarkup xml, string name, int? value) =>
        Attribute(xml, name, value?.ToString(CultureInfo.InvariantCulture));

    private static void Attribute(XmlMarkup xml, string name, bool? value) =>
        Attribute(xml, name, value is null ? null : value.Value ? "true" : "false");
}
