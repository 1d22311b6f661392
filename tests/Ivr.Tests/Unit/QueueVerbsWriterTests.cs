using System.Xml.Linq;
using Ivr.Twilio.Twiml;

namespace Ivr.Tests.Unit;

/// <summary>
/// The queue's verbs as the writer renders them, with the attribute names and values Twilio's TwiML reference gives:
/// <c>&lt;Enqueue action method waitUrl waitUrlMethod&gt;</c>, <c>&lt;Leave/&gt;</c>, <c>&lt;Play&gt;</c>,
/// <c>&lt;Pause length&gt;</c> and <c>&lt;Dial&gt;&lt;Queue url&gt;</c>.
/// </summary>
public sealed class QueueVerbsWriterTests
{
    private const string QueueName = "ivr-31201234567";
    private const string Action = "/api/voice/queue-left?line=%2B31201234567&arrived=20261123T101502123Z";
    private const string WaitUrl = "/api/voice/queue-wait?line=%2B31201234567&arrived=20261123T101502123Z";

    [Fact]
    public void AnEnqueueNamesItsQueueAndPostsToItsActionAndWaitUrl()
    {
        var enqueue = Single(new Enqueue(QueueName) { Action = Action, WaitUrl = WaitUrl });

        Assert.Equal("Enqueue", enqueue.Name.LocalName);
        Assert.Equal(QueueName, enqueue.Value);
        Assert.Equal(
            [("action", Action), ("method", "POST"), ("waitUrl", WaitUrl), ("waitUrlMethod", "POST")],
            Attributes(enqueue));
    }

    [Fact]
    public void AnEnqueueWithoutUrlsHasNoAttributesAtAll()
    {
        var enqueue = Single(new Enqueue(QueueName));

        Assert.Equal(QueueName, enqueue.Value);
        Assert.Empty(enqueue.Attributes());
    }

    [Fact]
    public void AnEnqueueWithOnlyAWaitUrlSaysHowToAskForItAndNothingAboutAnAction()
    {
        var enqueue = Single(new Enqueue(QueueName) { WaitUrl = WaitUrl });

        Assert.Equal([("waitUrl", WaitUrl), ("waitUrlMethod", "POST")], Attributes(enqueue));
    }

    [Fact]
    public void AnEnqueuesNameAndUrlsStayTextWhateverTheyHold()
    {
        const string name = "q</Enqueue><Hangup/>&'\"";
        const string action = "/left?a=1&b=\"2\"><Hangup/>";

        var enqueue = Single(new Enqueue(name) { Action = action, WaitUrl = action });

        Assert.Equal(name, enqueue.Value);
        Assert.Equal(action, enqueue.Attribute("action")?.Value);
        Assert.Equal(action, enqueue.Attribute("waitUrl")?.Value);
        Assert.Empty(enqueue.Elements());
    }

    [Fact]
    public void ALeaveIsAnEmptyLeaveElement()
    {
        var leave = Single(new Leave());

        Assert.Equal("Leave", leave.Name.LocalName);
        Assert.Empty(leave.Nodes());
        Assert.Empty(leave.Attributes());
    }

    [Fact]
    public void APlayNamesTheAudioAsItsText()
    {
        const string music = "https://cdn.example.com/hold.mp3?a=1&b=2";

        var play = Single(new Play(music));

        Assert.Equal("Play", play.Name.LocalName);
        Assert.Equal(music, play.Value);
        Assert.Empty(play.Attributes());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(600)]
    public void APauseLastsItsLengthInSeconds(int seconds)
    {
        var pause = Single(new Pause(seconds));

        Assert.Equal("Pause", pause.Name.LocalName);
        Assert.Equal([("length", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))], Attributes(pause));
        Assert.Empty(pause.Nodes());
    }

    [Fact]
    public void ADialOfAQueueNamesItAndRunsItsUrlOnTheWaitingCaller()
    {
        const string url = "/api/voice/queue-bridged?line=%2B31201234567&person=client%3Aalice";

        var dial = Single(new Dial([new DialNoun(DialNounKind.Queue, QueueName) { Url = url }]) { TimeoutSeconds = 5 });

        Assert.Equal([("timeout", "5")], Attributes(dial));
        var queue = Assert.Single(dial.Elements());
        Assert.Equal("Queue", queue.Name.LocalName);
        Assert.Equal(QueueName, queue.Value);
        Assert.Equal([("url", url)], Attributes(queue));
    }

    [Fact]
    public void AWaitDocumentSaysThenPlaysInOrder()
    {
        var root = Render(new VoiceResponse(new Say("You are number 2 in line."), new Play("https://example.com/hold.mp3")));

        Assert.Equal(["Say", "Play"], root.Elements().Select(e => e.Name.LocalName));
    }

    private static XElement Single(TwimlVerb verb) => Assert.Single(Render(new VoiceResponse(verb)).Elements());

    private static XElement Render(VoiceResponse response) => XDocument.Parse(TwimlWriter.ToXml(response)).Root!;

    private static List<(string Name, string Value)> Attributes(XElement element) =>
        [.. element.Attributes().Select(a => (a.Name.LocalName, a.Value)).OrderBy(a => a.LocalName, StringComparer.Ordinal)];
}
