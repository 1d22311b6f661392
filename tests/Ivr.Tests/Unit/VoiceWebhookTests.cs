using Ivr.Twilio;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Ivr.Tests.Unit;

public sealed class VoiceWebhookTests
{
    private const string CallSid = "CA0123456789abcdef0123456789ABCDEF";
    private const string ParentSid = "CAffffffffffffffffffffffffffffffff";

    [Fact]
    public void AWellFormedDialActionBindsItsFields()
    {
        var form = Form(
            ("CallSid", CallSid),
            ("From", "+31612345678"),
            ("To", "+31201234567"),
            ("CallStatus", "in-progress"),
            ("ParentCallSid", ParentSid),
            ("DialCallStatus", "completed"),
            ("DialBridged", "true"),
            ("DialCallDuration", "42"),
            ("RecordingUrl", "https://api.twilio.com/Recordings/RE1"),
            ("Timestamp", "Mon, 23 Nov 2026 10:15:03 +0000"));

        Assert.True(VoiceWebhook.TryBind(form, out var webhook, out var invalidField));

        Assert.Null(invalidField);
        Assert.Equal(CallSid, webhook.CallSid);
        Assert.Equal("+31612345678", webhook.From);
        Assert.Equal("+31201234567", webhook.To);
        Assert.Equal("in-progress", webhook.CallStatus);
        Assert.Equal(ParentSid, webhook.ParentCallSid);
        Assert.Equal("completed", webhook.DialCallStatus);
        Assert.True(webhook.DialBridged);
        Assert.Equal(42, webhook.DialCallDuration);
        Assert.Equal("https://api.twilio.com/Recordings/RE1", webhook.RecordingUrl);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 15, 3, TimeSpan.Zero), webhook.Timestamp);
    }

    [Fact]
    public void AFormWithoutACallSidIsRefusedNamingCallSid()
    {
        Assert.False(VoiceWebhook.TryBind(Form(("From", "+31612345678")), out _, out var invalidField));

        Assert.Equal("CallSid", invalidField);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("CA123")]
    [InlineData("CA0123456789abcdef0123456789abcde")] // 31 hex digits
    [InlineData("CA0123456789abcdef0123456789abcdef0")] // 33 hex digits
    [InlineData("CA0123456789abcdef0123456789abcdeg")]
    [InlineData("AC0123456789abcdef0123456789abcdef")]
    [InlineData("ca0123456789abcdef0123456789abcdef")]
    [InlineData(" CA0123456789abcdef0123456789abcdef")]
    public void AMalformedCallSidIsRefusedNamingCallSid(string callSid)
    {
        Assert.False(VoiceWebhook.TryBind(Form(("CallSid", callSid)), out _, out var invalidField));

        Assert.Equal("CallSid", invalidField);
    }

    [Fact]
    public void ACallSidWithATrailingNewlineIsRefused()
    {
        Assert.False(VoiceWebhook.TryBind(Form(("CallSid", CallSid + "\n")), out _, out var invalidField));

        Assert.Equal("CallSid", invalidField);
    }

    [Fact]
    public void OnlyACallSidIsRequired()
    {
        Assert.True(VoiceWebhook.TryBind(Form(("CallSid", CallSid)), out var webhook, out _));

        Assert.Equal(new VoiceWebhook { CallSid = CallSid }, webhook);
    }

    [Fact]
    public void UnknownFieldsAreIgnored()
    {
        var form = Form(
            ("CallSid", CallSid),
            ("AccountSid", "AC00000000000000000000000000000000"),
            ("CallerCountry", "NL"),
            ("StirVerstat", "TN-Validation-Passed-A"),
            ("SomethingTwilioAddsNextYear", "<x>"));

        Assert.True(VoiceWebhook.TryBind(form, out var webhook, out _));

        Assert.Equal(new VoiceWebhook { CallSid = CallSid }, webhook);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    [InlineData("FALSE", false)]
    [InlineData("1", null)]
    [InlineData("yes", null)]
    [InlineData("", null)]
    public void DialBridgedReadsTrueOrFalseAndAnythingElseAsAbsent(string text, bool? expected)
    {
        Assert.True(VoiceWebhook.TryBind(Form(("CallSid", CallSid), ("DialBridged", text)), out var webhook, out _));

        Assert.Equal(expected, webhook.DialBridged);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("42", 42)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("2147483648", null)]
    [InlineData("-1", null)]
    [InlineData("4.5", null)]
    [InlineData("1e3", null)]
    [InlineData(" 42", null)]
    [InlineData("forty-two", null)]
    public void DialCallDurationReadsWholeSecondsAndAnythingElseAsAbsent(string text, int? expected)
    {
        Assert.True(VoiceWebhook.TryBind(Form(("CallSid", CallSid), ("DialCallDuration", text)), out var webhook, out _));

        Assert.Equal(expected, webhook.DialCallDuration);
    }

    [Theory]
    [InlineData("CA123")]
    [InlineData("garbage")]
    [InlineData("")]
    public void AMalformedParentCallSidReadsAsAbsentWithoutRefusingTheWebhook(string parent)
    {
        Assert.True(VoiceWebhook.TryBind(Form(("CallSid", CallSid), ("ParentCallSid", parent)), out var webhook, out _));

        Assert.Null(webhook.ParentCallSid);
    }

    [Fact]
    public void AnUnreadableTimestampReadsAsAbsentWithoutRefusingTheWebhook()
    {
        Assert.True(VoiceWebhook.TryBind(Form(("CallSid", CallSid), ("Timestamp", "yesterday")), out var webhook, out _));

        Assert.Null(webhook.Timestamp);
    }

    [Fact]
    public void TheFirstOfRepeatedValuesIsUsed()
    {
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["CallSid"] = new(CallSid),
            ["From"] = new(["+31612345678", "+31687654321"]),
        });

        Assert.True(VoiceWebhook.TryBind(form, out var webhook, out _));

        Assert.Equal("+31612345678", webhook.From);
    }

    [Theory]
    [InlineData("Mon, 23 Nov 2026 10:15:03 +0000", 2026, 11, 23, 10, 15, 3)]
    [InlineData("Fri, 20 Aug 2010 01:13:42 +0000", 2010, 8, 20, 1, 13, 42)]
    [InlineData("Mon, 2 Nov 2026 10:15:03 +0000", 2026, 11, 2, 10, 15, 3)]
    [InlineData("Mon, 02 Nov 2026 10:15:03 +0000", 2026, 11, 2, 10, 15, 3)]
    [InlineData("Mon, 23 Nov 2026 10:15:03 GMT", 2026, 11, 23, 10, 15, 3)]
    [InlineData("Mon, 2 Nov 2026 10:15:03 GMT", 2026, 11, 2, 10, 15, 3)]
    [InlineData("23 Nov 2026 10:15:03 +0000", 2026, 11, 23, 10, 15, 3)]
    [InlineData("  Mon, 23 Nov 2026 10:15:03 +0000  ", 2026, 11, 23, 10, 15, 3)]
    [InlineData("Mon, 23 Nov 2026 12:15:03 +0200", 2026, 11, 23, 10, 15, 3)]
    [InlineData("Mon, 23 Nov 2026 05:45:03 -0430", 2026, 11, 23, 10, 15, 3)]
    [InlineData("Sun, 22 Nov 2026 22:15:03 -1200", 2026, 11, 23, 10, 15, 3)]
    public void Rfc2822TimestampsAreReadAsUtc(string text, int year, int month, int day, int hour, int minute, int second)
    {
        var parsed = VoiceWebhook.ParseRfc2822(text);

        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero), parsed);
        Assert.Equal(TimeSpan.Zero, parsed!.Value.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("2026-11-23T10:15:03Z")]
    [InlineData("Mon, 23 Nov 2026 10:15:03")]
    [InlineData("Mon, 31 Nov 2026 10:15:03 +0000")]
    [InlineData("Mon, 23 Nov 2026 25:15:03 +0000")]
    [InlineData("Mon, 23 Foo 2026 10:15:03 +0000")]
    [InlineData("+0000")]
    public void TextThatIsNoRfc2822TimestampReadsAsNothing(string? text)
    {
        Assert.Null(VoiceWebhook.ParseRfc2822(text));
    }

    private static FormCollection Form(params (string Name, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Name, f => new StringValues(f.Value), StringComparer.Ordinal));
}
