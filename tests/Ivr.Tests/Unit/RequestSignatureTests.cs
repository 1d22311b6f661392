using Ivr.Twilio;

namespace Ivr.Tests.Unit;

/// <summary>
/// Vectors from the reference notes (section 3.9), computed with twilio-node 6.2.0's
/// getExpectedTwilioSignature and cross-checked with Python's hmac module.
/// </summary>
public sealed class RequestSignatureTests
{
    private const string DocsToken = "12345";
    internal const string Token = "abcdef0123456789abcdef0123456789";

    private const string HttpsWithDefaultPort = "https://handoff.example.net:443/api/voice/incoming";
    internal const string HttpsWithoutPort = "https://handoff.example.net/api/voice/incoming";
    private const string SignedWithDefaultPort = "bCKm2ZVJdIyBeGn4+8A1+hR9XWk=";
    internal const string SignedWithoutPort = "iH1SGuqP+0El2jeKNCalV+yAy2g=";

    private const string LocalWithPort = "http://localhost:7071/api/voice/incoming?tenant=acme";
    private const string SignedLocalWithPort = "qJnmioppC/0Tjr0OUvIm1nHKuPY=";

    internal const string RepeatedKeysToken = "secret-token-3";
    internal const string RepeatedKeysUrl = "https://example.com/hook?x=1";
    internal const string SignedRepeatedKeys = "ylDKzBsWR79lKjDJe2LoCLR0buM=";

    internal const string UnicodeUrl = "https://handoff.example.net/api/voice/gather?lang=nl-NL&step=2";
    internal const string SignedUnicode = "W0z3IOa66xhAehhQTi1n6rgozfU=";

    internal const string OrdinalOrderUrl = "https://x.example/y";
    internal const string SignedOrdinalOrder = "k9s/WCMJT/8zxzduPKukzb71/BE=";

    /// <summary>V1's form: an inbound voice webhook.</summary>
    internal static readonly (string Name, string Value)[] IncomingCallFields =
    [
        ("AccountSid", "AC00000000000000000000000000000000"),
        ("CallSid", "CA11111111111111111111111111111111"),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
        ("From", "+31612345678"),
        ("To", "+31201234567"),
    ];

    internal static readonly (string Name, string Value)[] UnicodeFields =
    [
        ("SpeechResult", "Ik wil graag een medewerker spreken, één moment"),
        ("From", "+31 6 1234 5678"),
        ("Empty", ""),
    ];

    /// <summary>Names that differ only in case, and an underscore and a digit: ordinal order puts each in its place.</summary>
    internal static readonly (string Name, string Value)[] OrdinalOrderFields = [("b", "1"), ("B", "2"), ("a", "3"), ("A", "4"), ("_x", "5"), ("1", "6")];

    private static List<KeyValuePair<string, IReadOnlyList<string>>> IncomingCall() => Fields(IncomingCallFields);

    [Fact]
    public void ComputeMatchesTwiliosDocumentedWorkedExample()
    {
        var fields = Fields(
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675310"),
            ("Digits", "1234"),
            ("From", "+14158675310"),
            ("To", "+18005551212"));

        Assert.Equal("L/OH5YylLD5NRKLltdqwSvS0BnU=", RequestSignature.Compute(DocsToken, "https://example.com/myapp.php?foo=1&bar=2", fields));
    }

    [Fact]
    public void ComputeMatchesTheWorkedExampleOnTwiliosSecurityPage()
    {
        // Twilio's docs sign this form at https://mycompany.com/…; the reference notes list the signature next to
        // example.com, but an independent HMAC gives 0/KCTR… only for mycompany.com.
        var fields = Fields(
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"));

        Assert.Equal("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", RequestSignature.Compute(DocsToken, "https://mycompany.com/myapp.php?foo=1&bar=2", fields));
    }

    [Fact]
    public void ComputeSignsTheUrlExactlyAsGivenWithOrWithoutTheDefaultPort()
    {
        Assert.Equal(SignedWithDefaultPort, RequestSignature.Compute(Token, HttpsWithDefaultPort, IncomingCall()));
        Assert.Equal(SignedWithoutPort, RequestSignature.Compute(Token, HttpsWithoutPort, IncomingCall()));
    }

    [Theory]
    [InlineData(SignedWithDefaultPort, HttpsWithDefaultPort)]
    [InlineData(SignedWithDefaultPort, HttpsWithoutPort)]
    [InlineData(SignedWithoutPort, HttpsWithDefaultPort)]
    [InlineData(SignedWithoutPort, HttpsWithoutPort)]
    public void EitherPortFormOfTheSignatureValidatesForEitherPortFormOfTheUrl(string signature, string url)
    {
        Assert.True(RequestSignature.IsValid(signature, url, IncomingCall(), [Token]));
    }

    [Fact]
    public void ASignatureOverANonDefaultPortValidatesForThatUrl()
    {
        Assert.Equal(SignedLocalWithPort, RequestSignature.Compute(Token, LocalWithPort, IncomingCall()));
        Assert.True(RequestSignature.IsValid(SignedLocalWithPort, LocalWithPort, IncomingCall(), [Token]));
    }

    [Theory]
    [InlineData("http://localhost/api/voice/incoming?tenant=acme")]
    [InlineData("http://localhost:80/api/voice/incoming?tenant=acme")]
    [InlineData("http://localhost:7072/api/voice/incoming?tenant=acme")]
    public void ASignatureOverANonDefaultPortDoesNotValidateWithoutThatPort(string url)
    {
        Assert.False(RequestSignature.IsValid(SignedLocalWithPort, url, IncomingCall(), [Token]));
    }

    [Fact]
    public void RepeatedKeysSignEachDistinctValueOnceInOrdinalOrder()
    {
        var fields = Fields(
            ("To", ["+15005550006"]),
            ("Body", ["hi"]),
            ("MediaUrl", ["https://b.example/2.jpg", "https://a.example/1.jpg"]),
            ("Zeta", ["2", "10", "1"]));

        Assert.Equal(SignedRepeatedKeys, RequestSignature.Compute(RepeatedKeysToken, RepeatedKeysUrl, fields));
        Assert.True(RequestSignature.IsValid(SignedRepeatedKeys, RepeatedKeysUrl, fields, [RepeatedKeysToken]));
    }

    [Fact]
    public void DuplicatedValuesOfARepeatedKeyDoNotChangeTheSignature()
    {
        var fields = Fields(
            ("To", ["+15005550006"]),
            ("Body", ["hi"]),
            ("MediaUrl", ["https://b.example/2.jpg", "https://a.example/1.jpg", "https://a.example/1.jpg"]),
            ("Zeta", ["1", "2", "10", "1"]));

        Assert.Equal(SignedRepeatedKeys, RequestSignature.Compute(RepeatedKeysToken, RepeatedKeysUrl, fields));
    }

    [Fact]
    public void TheCommaJoinedSignatureOfTwilioCsharpIsNotAcceptedForRepeatedKeys()
    {
        const string commaJoined = "xqGBIBeFlXDUjroeQ9xVgM21/sc=";
        var repeated = Fields(
            ("To", ["+15005550006"]),
            ("Body", ["hi"]),
            ("MediaUrl", ["https://b.example/2.jpg", "https://a.example/1.jpg"]),
            ("Zeta", ["2", "10", "1"]));
        var joined = Fields(
            ("To", "+15005550006"),
            ("Body", "hi"),
            ("MediaUrl", "https://b.example/2.jpg,https://a.example/1.jpg"),
            ("Zeta", "2,10,1"));

        // The contrast vector really is the comma-joined string's signature…
        Assert.Equal(commaJoined, RequestSignature.Compute(RepeatedKeysToken, RepeatedKeysUrl, joined));
        // …and it does not pass for the repeated-key form.
        Assert.False(RequestSignature.IsValid(commaJoined, RepeatedKeysUrl, repeated, [RepeatedKeysToken]));
    }

    [Fact]
    public void UnicodeSpacesAndEmptyValuesAreSignedAsTheirUtf8Text()
    {
        const string url = UnicodeUrl;
        const string expected = SignedUnicode;
        var fields = Fields(UnicodeFields);

        Assert.Equal(expected, RequestSignature.Compute(Token, url, fields));
        Assert.True(RequestSignature.IsValid(expected, url, fields, [Token]));
    }

    [Fact]
    public void KeysAreSortedByOrdinalCodeUnitOrder()
    {
        const string url = OrdinalOrderUrl;
        const string expected = SignedOrdinalOrder;
        var fields = Fields(OrdinalOrderFields);

        Assert.Equal(expected, RequestSignature.Compute(Token, url, fields));
        Assert.True(RequestSignature.IsValid(expected, url, fields, [Token]));
    }

    [Theory]
    [InlineData("https://handoff.example.net/api/voice/status?CallSid=CA1&CallStatus=completed", "Srqr4IKZ5J+07fPLdL8fGIiHP4k=")]
    [InlineData("https://handoff.example.net/api/voice/incoming?team=sales%20nl&x=a+b", "PRjJG0OPcFNT0BXHO4KM66echpY=")]
    public void AGetStyleRequestSignsOnlyItsUrl(string url, string expected)
    {
        Assert.Equal(expected, RequestSignature.Compute(Token, url, []));
        Assert.True(RequestSignature.IsValid(expected, url, [], [Token]));
    }

    [Fact]
    public void APercentEncodedSpaceAndAPlusAreDifferentUrls()
    {
        Assert.False(RequestSignature.IsValid(
            "PRjJG0OPcFNT0BXHO4KM66echpY=",
            "https://handoff.example.net/api/voice/incoming?team=sales+nl&x=a+b",
            [],
            [Token]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AMissingSignatureIsInvalid(string? signature)
    {
        Assert.False(RequestSignature.IsValid(signature, HttpsWithoutPort, IncomingCall(), [Token]));
    }

    [Fact]
    public void ASignatureMadeWithAnotherTokenIsInvalid()
    {
        Assert.False(RequestSignature.IsValid(SignedWithoutPort, HttpsWithoutPort, IncomingCall(), ["fedcba9876543210fedcba9876543210"]));
    }

    [Fact]
    public void NoConfiguredTokenAcceptsNothing()
    {
        Assert.False(RequestSignature.IsValid(SignedWithoutPort, HttpsWithoutPort, IncomingCall(), []));
    }

    [Fact]
    public void ATamperedFieldValueIsInvalid()
    {
        var tampered = IncomingCall();
        tampered[4] = new("From", ["+31612345679"]);

        Assert.False(RequestSignature.IsValid(SignedWithoutPort, HttpsWithoutPort, tampered, [Token]));
    }

    [Fact]
    public void AnAddedFieldIsInvalid()
    {
        var extended = IncomingCall();
        extended.Add(new("Digits", ["1"]));

        Assert.False(RequestSignature.IsValid(SignedWithoutPort, HttpsWithoutPort, extended, [Token]));
    }

    [Fact]
    public void ARemovedFieldIsInvalid()
    {
        var shortened = IncomingCall();
        shortened.RemoveAt(0);

        Assert.False(RequestSignature.IsValid(SignedWithoutPort, HttpsWithoutPort, shortened, [Token]));
    }

    [Fact]
    public void SigningUnderManyTokensInTurnKeepsEachSignatureRight()
    {
        // Keyed HMACs are reused per thread, and dropped past a handful of tokens: neither may leak into the next.
        var others = Enumerable.Range(0, 10).Select(i => $"{i:x2}" + Token[2..]).ToList();
        foreach (var other in others)
        {
            Assert.NotEqual(SignedWithoutPort, RequestSignature.Compute(other, HttpsWithoutPort, IncomingCall()));
            Assert.Equal(SignedWithoutPort, RequestSignature.Compute(Token, HttpsWithoutPort, IncomingCall()));
            Assert.True(RequestSignature.IsValid(SignedWithoutPort, HttpsWithoutPort, IncomingCall(), [other, Token]));
            Assert.False(RequestSignature.IsValid(SignedWithoutPort, HttpsWithoutPort, IncomingCall(), [other]));
        }
    }

    [Fact]
    public void ASignatureFromTheSecondaryTokenIsAcceptedWhenThePrimaryDiffers()
    {
        Assert.True(RequestSignature.IsValid(SignedWithoutPort, HttpsWithoutPort, IncomingCall(), ["fedcba9876543210fedcba9876543210", Token]));
    }

    [Fact]
    public void ASignatureForAnotherHostIsRejected()
    {
        Assert.False(RequestSignature.IsValid(SignedWithoutPort, "https://attacker.example.net/api/voice/incoming", IncomingCall(), [Token]));
    }

    [Fact]
    public void ASignatureForAnotherPathIsRejected()
    {
        Assert.False(RequestSignature.IsValid(SignedWithoutPort, "https://handoff.example.net/api/voice/incoming/", IncomingCall(), [Token]));
    }

    [Fact]
    public void UrlVariantsKeepThePathAndQueryEncodingExactly()
    {
        Assert.Equal(
            [
                "https://handoff.example.net:8443/api/voice/incoming?team=sales%20nl&x=a+b",
                "https://handoff.example.net/api/voice/incoming?team=sales%20nl&x=a+b",
                "https://handoff.example.net:443/api/voice/incoming?team=sales%20nl&x=a+b",
            ],
            RequestSignature.UrlVariants("https://handoff.example.net:8443/api/voice/incoming?team=sales%20nl&x=a+b"));
    }

    [Fact]
    public void UrlVariantsOfAUrlWithoutPortAddTheDefaultPortOnce()
    {
        Assert.Equal(
            ["http://localhost/api", "http://localhost:80/api"],
            RequestSignature.UrlVariants("http://localhost/api"));
    }

    [Fact]
    public void UrlVariantsKeepTheColonsOfAnIpv6Literal()
    {
        Assert.Equal(
            ["http://[::1]:7071/api", "http://[::1]/api", "http://[::1]:80/api"],
            RequestSignature.UrlVariants("http://[::1]:7071/api"));
    }

    private static List<KeyValuePair<string, IReadOnlyList<string>>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, IReadOnlyList<string>>(f.Name, [f.Value])).ToList();

    private static List<KeyValuePair<string, IReadOnlyList<string>>> Fields(params (string Name, string[] Values)[] fields) =>
        fields.Select(f => new KeyValuePair<string, IReadOnlyList<string>>(f.Name, f.Values)).ToList();
}
