using System.Text;
using Ivr.Handoffs;
using Ivr.Storage;

namespace Ivr.Tests.Unit;

/// <summary>
/// Table Storage refuses a whole row for one string over 32K characters, so every stored string is bounded: text that
/// fits is kept as it is, longer text keeps its start and says that, and by how much, it was cut.
/// </summary>
public sealed class StoredTextTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("")]
    [InlineData("completed")]
    [InlineData("+31612345678")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE00000000000000000000000000000000")]
    public void ValuesTwilioSendsAreStoredAsTheyAre(string text)
    {
        Assert.Same(text, StoredText.Bound(text));
    }

    [Fact]
    public void TheLongestRingTargetsAreStoredAsTheyAre()
    {
        // What line rules accept as a person: a client identity of 256 characters, a SIP address of 255.
        var client = "client:" + new string('a', 256);
        var sip = "sips:" + new string('b', 238) + "@example.com";

        Assert.Same(client, StoredText.Bound(client));
        Assert.Same(sip, StoredText.Bound(sip));
    }

    [Fact]
    public void NothingStaysNothing()
    {
        Assert.Null(StoredText.Bound(null));
    }

    [Theory]
    [InlineData(513)]
    [InlineData(40_000)]
    [InlineData(1_000_000)]
    public void LongerTextKeepsItsStartAndEndsSayingItWasCutFromItsLength(int length)
    {
        var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));

        var stored = StoredText.Bound(text)!;

        var marker = $"…[cut, {length} chars]";
        Assert.Equal(512, stored.Length);
        Assert.EndsWith(marker, stored, StringComparison.Ordinal);
        Assert.Equal(text[..(512 - marker.Length)], stored[..^marker.Length]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    public void ACutNeverSplitsACharacterMadeOfTwoHalves(string before)
    {
        // Emoji are surrogate pairs; one of the two offsets puts the cut between the halves of one.
        var text = before + string.Concat(Enumerable.Repeat("😀", 20_000));
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        var stored = StoredText.Bound(text)!;

        Assert.InRange(stored.Length, 500, 512);
        Assert.EndsWith($"…[cut, {text.Length} chars]", stored, StringComparison.Ordinal);
        strict.GetBytes(stored); // throws on half a pair
    }

    [Fact]
    public void EveryStringColumnOfAHandoffRowIsBoundedWhateverTheCallbacksBrought()
    {
        var huge = new string('x', 40_000);
        var at = new DateTimeOffset(2026, 11, 23, 10, 15, 2, 123, TimeSpan.Zero);
        var facts = new HandoffFacts
        {
            ArrivedAt = at,
            CallerHash = huge,
            Route = huge,
            Answered = new Stamped(at.AddSeconds(4), huge, huge),
            DialEnded = new Stamped(at.AddSeconds(60), huge),
            Voicemail = new Stamped(at.AddSeconds(61), huge),
            Ended = new Stamped(at.AddSeconds(62), huge),
        };

        var entity = HandoffEntityMap.ToEntity(new HandoffKey("+31201234567", at, CallSid), facts);

        var strings = entity.Where(p => p.Value is string && p.Key is not ("PartitionKey" or "RowKey" or "odata.etag")).ToList();
        Assert.Equal(
            ["AnsweredBy", "AnsweredGroup", "CallSid", "CallerHash", "DialStatus", "EndStatus", "Line", "Outcome", "Route", "VoicemailUrl"],
            strings.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(strings, p => Assert.InRange(((string)p.Value).Length, 1, 512));
        Assert.All(
            ["AnsweredBy", "AnsweredGroup", "CallerHash", "DialStatus", "EndStatus", "Route", "VoicemailUrl"],
            column => Assert.EndsWith("…[cut, 40000 chars]", entity.GetString(column), StringComparison.Ordinal));
        Assert.Equal(CallSid, entity.GetString("CallSid"));
        Assert.Equal("answered", entity.GetString("Outcome"));
        Assert.Equal(4_000, entity.GetInt64("TimeToHumanMs"));
    }
}
