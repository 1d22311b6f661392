using System.Xml.Linq;
using Ivr.Twilio.Twiml;
using Record = Ivr.Twilio.Twiml.Record;

namespace Ivr.Tests.Unit;

public sealed class TwimlWriterTests
{
    [Theory]
    [InlineData("</Say><Dial>+1900</Dial><Say>")]
    [InlineData("]]><Hangup/>")]
    [InlineData("<![CDATA[x]]><Hangup/>")]
    [InlineData("Tom & Jerry &amp; &lt;friends&gt;")]
    [InlineData("He said \"hi\" and 'bye'")]
    [InlineData("<!-- --><Hangup/><!-- -->")]
    [InlineData("<?xml-stylesheet href=\"x\"?>")]
    [InlineData("&#x3C;Hangup/&#x3E;")]
    public void HostileTextInASayStaysText(string text)
    {
        var document = Render(new VoiceResponse(new Say(text)));

        var say = Assert.Single(document.Root!.Nodes());
        var element = Assert.IsType<XElement>(say);
        Assert.Equal("Say", element.Name.LocalName);
        Assert.Equal(text, element.Value);
        Assert.Single(element.Nodes());
        Assert.IsType<XText>(element.FirstNode);
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "Dial" or "Hangup" or "Number");
    }

    [Fact]
    public void HostileAttributeValuesRoundTrip()
    {
        const string action = "/api/voice/dial-ended?line=%2B31&arrived=1\" timeout=\"600";
        const string callerId = "<Number>+1900</Number>&'\"";
        const string voice = "Polly.Lotte\"/><Hangup a=\"";
        const string language = "nl-NL' & <x>";
        const string statusCallback = "/api/voice/leg-status?a=1&b=<2>\t\"3\"\n";
        var response = new VoiceResponse(
            new Say("Een moment.", language, voice),
            new Dial([new DialNoun(DialNounKind.Number, "+31612345678") { StatusCallback = statusCallback }])
            {
                Action = action,
                CallerId = callerId,
            });

        var root = Render(response).Root!;

        var say = root.Elements().First();
        Assert.Equal(voice, say.Attribute("voice")?.Value);
        Assert.Equal(language, say.Attribute("language")?.Value);
        var dial = root.Elements().Last();
        Assert.Equal(action, dial.Attribute("action")?.Value);
        Assert.Equal(callerId, dial.Attribute("callerId")?.Value);
        Assert.Null(dial.Attribute("timeout"));
        var number = Assert.Single(dial.Elements());
        Assert.Equal(statusCallback, number.Attribute("statusCallback")?.Value);
        Assert.Equal(["Say", "Dial"], root.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void ControlCharactersXmlCannotCarryAreDroppedFromText()
    {
        var document = Render(new VoiceResponse(new Say("a\u0000b\u0001c\u000Bd\u001Fe\uFFFEf\uFFFFg")));

        Assert.Equal("abcdefg", document.Root!.Elements().Single().Value);
    }

    [Fact]
    public void LoneSurrogatesAreDroppedWhileEmojiPairsSurvive()
    {
        // 😀 is U+1F600 (D83D DE00); 👋 is U+1F44B (D83D DC4B).
        var document = Render(new VoiceResponse(new Say("\uD800x\uD83D\uDE00\uDC00y\uD83D\uDC4B\uD83D")));

        Assert.Equal("x\uD83D\uDE00y\uD83D\uDC4B", document.Root!.Elements().Single().Value);
    }

    [Fact]
    public void InvalidCharactersAreDroppedFromAttributesAndAddresses()
    {
        var response = new VoiceResponse(
            new Dial([new DialNoun(DialNounKind.Client, "ali\u0001ce") { StatusCallback = "/leg\u0008?\uDBFFa=1" }])
            {
                Action = "/done\u000C?\uD83D\uDE00",
            });

        var dial = Render(response).Root!.Elements().Single();

        Assert.Equal("/done?\uD83D\uDE00", dial.Attribute("action")?.Value);
        var client = dial.Elements().Single();
        Assert.Equal("alice", client.Value);
        Assert.Equal("/leg?a=1", client.Attribute("statusCallback")?.Value);
    }

    [Fact]
    public void TabsAndNewlinesInTextSurvive()
    {
        var document = Render(new VoiceResponse(new Say("one\ttwo\nthree")));

        Assert.Equal("one\ttwo\nthree", document.Root!.Elements().Single().Value);
    }

    [Fact]
    public void CarriageReturnsSurviveInTextAndAttributes()
    {
        var response = new VoiceResponse(
            new Say("one\r\ntwo\rthree"),
            new Dial([new DialNoun(DialNounKind.Number, "+31612345678")]) { CallerId = "a\r\nb\tc" });

        var root = Render(response).Root!;

        Assert.Equal("one\r\ntwo\rthree", root.Elements().First().Value);
        Assert.Equal("a\r\nb\tc", root.Elements().Last().Attribute("callerId")?.Value);
    }

    [Fact]
    public void ADocumentLargerThanTheFirstBufferIsWrittenWhole()
    {
        // Long multi-byte text and many nouns: the pooled buffer has to grow several times over.
        var prompt = string.Concat(Enumerable.Repeat("Één moment & nog één 😀 ", 400));
        var nouns = Enumerable.Range(0, 300).Select(i => new DialNoun(DialNounKind.Sip, $"sip:agent{i}@example.com?x=<{i}>")).ToList();

        var root = Render(new VoiceResponse(new Say(prompt), new Dial(nouns))).Root!;

        Assert.Equal(prompt, root.Elements().First().Value);
        Assert.Equal(nouns.Select(n => n.Address), root.Elements().Last().Elements().Select(e => e.Value));
        Assert.All(root.Elements().Last().Elements(), e => Assert.Equal("Sip", e.Name.LocalName));
    }

    [Fact]
    public void TheDocumentStartsWithAnXmlDeclarationAndHasAResponseRoot()
    {
        var xml = TwimlWriter.ToXml(new VoiceResponse(new Hangup()));

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.OrdinalIgnoreCase);
        var document = XDocument.Parse(xml);
        Assert.Equal("1.0", document.Declaration?.Version);
        Assert.Equal("utf-8", document.Declaration?.Encoding, ignoreCase: true);
        Assert.Equal("Response", document.Root!.Name.LocalName);
        Assert.Equal(XNamespace.None, document.Root.Name.Namespace);
    }

    [Fact]
    public void TheWrittenBytesHaveNoByteOrderMark()
    {
        using var stream = new MemoryStream();

        TwimlWriter.Write(new VoiceResponse(new Say("Hallo")), stream);

        var bytes = stream.ToArray();
        Assert.True(bytes.Length > 5);
        // "<?xml" in ASCII; a BOM would be EF BB BF.
        Assert.Equal(new byte[] { 0x3C, 0x3F, 0x78, 0x6D, 0x6C }, bytes[..5]);
    }

    [Fact]
    public void TheWriterLeavesTheStreamOpen()
    {
        using var stream = new MemoryStream();

        TwimlWriter.Write(new VoiceResponse(), stream);

        Assert.True(stream.CanWrite);
    }

    [Fact]
    public void NonAsciiTextIsWrittenAsUtf8()
    {
        using var stream = new MemoryStream();

        TwimlWriter.Write(new VoiceResponse(new Say("één")), stream);

        var bytes = stream.ToArray();
        // é is C3 A9 in UTF-8; "één" therefore is C3 A9 C3 A9 6E.
        var text = new byte[] { 0xC3, 0xA9, 0xC3, 0xA9, 0x6E };
        Assert.Contains(Enumerable.Range(0, bytes.Length - text.Length + 1), i => bytes.AsSpan(i, text.Length).SequenceEqual(text));
    }

    [Fact]
    public void BooleansAndNumbersAreWrittenInInvariantLowercaseForm()
    {
        var response = new VoiceResponse(
            new Dial([new DialNoun(DialNounKind.Number, "+31612345678")]) { AnswerOnBridge = true, TimeoutSeconds = 20 },
            new Record("/api/voice/voicemail") { PlayBeep = false, MaxLengthSeconds = 120, TimeoutSeconds = 5 });

        var root = Render(response).Root!;

        var dial = root.Elements().First();
        Assert.Equal("true", dial.Attribute("answerOnBridge")?.Value);
        Assert.Equal("20", dial.Attribute("timeout")?.Value);
        var record = root.Elements().Last();
        Assert.Equal("Record", record.Name.LocalName);
        Assert.Equal("/api/voice/voicemail", record.Attribute("action")?.Value);
        Assert.Equal("false", record.Attribute("playBeep")?.Value);
        Assert.Equal("120", record.Attribute("maxLength")?.Value);
        Assert.Equal("5", record.Attribute("timeout")?.Value);
    }

    [Fact]
    public void StatusCallbackEventsAreJoinedWithSingleSpaces()
    {
        var noun = new DialNoun(DialNounKind.Number, "+31612345678")
        {
            StatusCallback = "/api/voice/leg-status",
            StatusCallbackEvents = ["initiated", "ringing", "answered", "completed"],
        };

        var number = Render(new VoiceResponse(new Dial([noun]))).Root!.Elements().Single().Elements().Single();

        Assert.Equal("initiated ringing answered completed", number.Attribute("statusCallbackEvent")?.Value);
    }

    [Fact]
    public void NoStatusCallbackEventsMeansNoAttribute()
    {
        var number = Render(new VoiceResponse(new Dial([new DialNoun(DialNounKind.Number, "+31612345678")])))
            .Root!.Elements().Single().Elements().Single();

        Assert.Empty(number.Attributes());
    }

    [Fact]
    public void NounsAreRenderedAsNumberClientAndSipInTheirOrder()
    {
        var dial = new Dial(
        [
            new DialNoun(DialNounKind.Number, "+31612345678"),
            new DialNoun(DialNounKind.Client, "agent_42"),
            new DialNoun(DialNounKind.Sip, "sip:agent@example.sip.twilio.com"),
        ]);

        var nouns = Render(new VoiceResponse(dial)).Root!.Elements().Single().Elements();

        Assert.Equal(
            [("Number", "+31612345678"), ("Client", "agent_42"), ("Sip", "sip:agent@example.sip.twilio.com")],
            nouns.Select(n => (n.Name.LocalName, n.Value)));
    }

    [Fact]
    public void AnEmptyFinishOnKeyIsWrittenAndALeftOutOneIsNot()
    {
        var root = Render(new VoiceResponse(new Gather(new Say("Press any key.")) { FinishOnKey = "" }, new Gather(new Say("Press 1.")))).Root!;

        Assert.Equal("", root.Elements().First().Attribute("finishOnKey")?.Value);
        Assert.Null(root.Elements().Last().Attribute("finishOnKey"));
    }

    [Fact]
    public void AnEmptyResponseIsAnEmptyResponseElement()
    {
        var document = Render(new VoiceResponse());

        Assert.Equal("Response", document.Root!.Name.LocalName);
        Assert.Empty(document.Root.Nodes());
        Assert.Empty(document.Root.Attributes());
    }

    [Fact]
    public void AHangupIsAnEmptyHangupElement()
    {
        var root = Render(new VoiceResponse(new Say("Sorry, no one is available."), new Hangup())).Root!;

        Assert.Equal(["Say", "Hangup"], root.Elements().Select(e => e.Name.LocalName));
        Assert.Empty(root.Elements().Last().Nodes());
        Assert.Empty(root.Elements().Last().Attributes());
    }

    [Fact]
    public void OptionalAttributesThatAreNotSetAreLeftOut()
    {
        var root = Render(new VoiceResponse(new Say("Hallo"), new Dial([new DialNoun(DialNounKind.Number, "+31612345678")]))).Root!;

        Assert.All(root.Elements(), e => Assert.Empty(e.Attributes()));
    }

    [Fact]
    public void TheOutputMatchesTwilioNodesVoiceResponseAsATree()
    {
        // Exact output of twilio-node 6.2.0's twiml.VoiceResponse for the same response (reference notes, section 5).
        const string twilioNode = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say voice=\"Polly.Lotte\" language=\"nl-NL\">Een moment, we verbinden u door.</Say><Dial action=\"/api/voice/dial-done?h=42&amp;t=1\" timeout=\"20\" answerOnBridge=\"true\"><Number statusCallback=\"/api/voice/leg\" statusCallbackEvent=\"initiated ringing answered completed\">+31612345678</Number></Dial></Response>";
        var response = new VoiceResponse(
            new Say("Een moment, we verbinden u door.", Language: "nl-NL", Voice: "Polly.Lotte"),
            new Dial(
            [
                new DialNoun(DialNounKind.Number, "+31612345678")
                {
                    StatusCallback = "/api/voice/leg",
                    StatusCallbackEvents = ["initiated", "ringing", "answered", "completed"],
                },
            ])
            {
                Action = "/api/voice/dial-done?h=42&t=1",
                TimeoutSeconds = 20,
                AnswerOnBridge = true,
            });

        var ours = Render(response).Root;

        Assert.True(XNode.DeepEquals(XDocument.Parse(twilioNode).Root, ours), ours?.ToString());
    }

    [Fact]
    public void AVerbWithoutATwimlFormIsRefusedRatherThanLeftOut()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwimlWriter.ToXml(new VoiceResponse(new Unmodelled())));
    }

    private static XDocument Render(VoiceResponse response) => XDocument.Parse(TwimlWriter.ToXml(response));

    private sealed record Unmodelled : TwimlVerb;
}
