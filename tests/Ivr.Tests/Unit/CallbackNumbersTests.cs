using Ivr.Privacy;
using Microsoft.Extensions.Options;

namespace Ivr.Tests.Unit;

/// <summary>The one caller number Ivr keeps, sealed with AES-GCM: it opens only for its own callback, under its own key.</summary>
public sealed class CallbackNumbersTests
{
    private const string Line = "+31201234567";
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string Number = "+31611112222";

    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string OtherKey = Convert.ToBase64String(Enumerable.Range(2, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void ASealedNumberOpensForItsCallbackAndShowsNoneOfItsDigits()
    {
        var numbers = With(Key);

        var sealedNumber = numbers.Seal(Number, Line, CallSid);

        Assert.Equal(Number, numbers.Open(sealedNumber, Line, CallSid));
        Assert.DoesNotContain("611112222", sealedNumber, StringComparison.Ordinal);
        Assert.NotEqual(sealedNumber, numbers.Seal(Number, Line, CallSid)); // a fresh nonce each time
    }

    [Fact]
    public void ASealedNumberDoesNotOpenForAnotherCallbackUnderAnotherKeyOrOnceTamperedWith()
    {
        var sealedNumber = With(Key).Seal(Number, Line, CallSid);
        var bytes = Convert.FromBase64String(sealedNumber);
        bytes[^1] ^= 1;

        Assert.Null(With(Key).Open(sealedNumber, Line, "CA0123456789abcdef0123456789abcdee"));
        Assert.Null(With(Key).Open(sealedNumber, "+31201234568", CallSid));
        Assert.Null(With(OtherKey).Open(sealedNumber, Line, CallSid));
        Assert.Null(With(Key).Open(Convert.ToBase64String(bytes), Line, CallSid));
        Assert.Null(With(Key).Open("not base64!", Line, CallSid));
        Assert.Null(With(null).Open(sealedNumber, Line, CallSid));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("c2hvcnQ=", false)]
    [InlineData("not base64 at all", false)]
    public void TheKeyIsOptionalButWhenGivenMustBe32BytesOfBase64(string? key, bool valid)
    {
        var result = new PrivacyOptionsValidator().Validate(null, new PrivacyOptions { CallerHashKey = "a-caller-hash-key-of-length", CallbackKey = key });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Privacy__CallbackKey", result.FailureMessage, StringComparison.Ordinal);
        }

        Assert.Equal(!string.IsNullOrEmpty(key) && valid, With(key).Configured);
    }

    private static CallbackNumbers With(string? key) => new(Options.Create(new PrivacyOptions { CallbackKey = key }));
}
