using System.Text;
using Ivr.Hosting;
using Ivr.Twilio;
using Microsoft.AspNetCore.Http;

namespace Ivr.Tests.Unit;

/// <summary>
/// The webhook's own form reader: decoding as the URL standard says, the framework's lookup conventions, the
/// request limits, and bodies that sign as twilio-node signs their fields (the vectors of <see cref="RequestSignatureTests"/>).
/// </summary>
public sealed class WebhookFormTests
{
    [Fact]
    public void FieldsDecodePlusPercentAndUtf8AndKeepMalformedEscapesAsTheyAre()
    {
        var form = Parse("Say=Hello+world%21&Name=%C3%A9%C3%A9n&Odd=100%25+%zz+%4&Slash=a%2Fb");

        Assert.Equal("Hello world!", form["Say"]);
        Assert.Equal("één", form["Name"]);
        Assert.Equal("100% %zz %4", form["Odd"]);
        Assert.Equal("a/b", form["Slash"]);
    }

    [Fact]
    public void EscapesThatMakeNoUtf8StayAsWrittenAndRawInvalidBytesBecomeTheReplacementCharacter()
    {
        var form = WebhookForm.Parse([.. "X=a%FF+b&Y=%ED%A0%80&Z="u8, 0xFF, .. "!"u8]);

        Assert.Equal("a%FF b", form["X"]);
        Assert.Equal("%ED%A0%80", form["Y"]);
        Assert.Equal("\uFFFD!", form["Z"]);
    }

    [Theory]
    [InlineData("A=%00")]
    [InlineData("A=x%00y")]
    [InlineData("%00=1")]
    public void NulCharactersAreRefused(string body)
    {
        Assert.Throws<InvalidDataException>(() => Parse(body));
    }

    [Fact]
    public void EmptyPartsAreSkippedAndANameWithoutEqualsHasAnEmptyValue()
    {
        var form = Parse("&&Flag&A=1&&B=");

        Assert.Equal<string>(["Flag", "A", "B"], form.Keys);
        Assert.Equal(string.Empty, form["Flag"]);
        Assert.Equal("1", form["A"]);
        Assert.True(form.TryGetValue("B", out var b));
        Assert.Equal(string.Empty, b);
    }

    [Fact]
    public void LookupsIgnoreCaseAndRepeatedNamesGiveEveryValueInOrder()
    {
        var form = Parse("MediaUrl=b&To=%2B31201234567&mediaurl=a&MediaUrl=c");

        Assert.Equal("b,a,c", form["MEDIAURL"].ToString());
        Assert.Equal(3, form["MediaUrl"].Count);
        Assert.Equal("+31201234567", form["to"]);
        Assert.True(form.ContainsKey("TO"));
        Assert.False(form.ContainsKey("From"));
        Assert.False(form.TryGetValue("From", out var missing));
        Assert.Equal(0, missing.Count);
        Assert.Equal(0, form["From"].Count);
        Assert.Equal(2, form.Count);
        Assert.Equal<(string, string)>(
            [("MediaUrl", "b,a,c"), ("To", "+31201234567")],
            form.Select(field => (field.Key, field.Value.ToString())));
        Assert.Empty(form.Files);
    }

    [Theory]
    [InlineData("Größe", "GRÖSSE")]
    [InlineData("Größe", "GRÖßE")]
    [InlineData("caſe", "CASE")]
    [InlineData("\U00010428x\U00010428", "\U00010400X\U00010400")]
    [InlineData("ıd", "ID")]
    public void LookupsMatchExactlyTheNamesTheFrameworkCallsEqualIgnoringCase(string sent, string asked)
    {
        var form = Parse(Uri.EscapeDataString(sent) + "=v");

        Assert.Equal(string.Equals(sent, asked, StringComparison.OrdinalIgnoreCase), form.ContainsKey(asked));
        Assert.True(form.ContainsKey(sent));
    }

    [Fact]
    public void MoreFieldsThanTheLimitAreRefused()
    {
        var atLimit = string.Join('&', Enumerable.Range(0, RequestLimits.MaxFormFields).Select(i => $"F{i}=v"));

        Assert.Equal(RequestLimits.MaxFormFields, Parse(atLimit).Count);
        Assert.Throws<InvalidDataException>(() => Parse(atLimit + "&One=more"));
    }

    [Fact]
    public void NamesAndValuesOverTheirLimitsAreRefused()
    {
        Assert.Throws<InvalidDataException>(() => Parse(new string('k', RequestLimits.MaxFormKeyBytes + 1) + "=v"));
        Assert.Throws<InvalidDataException>(() => Parse("K=" + new string('v', RequestLimits.MaxFormValueBytes + 1)));
        Assert.Equal(RequestLimits.MaxFormValueBytes, Parse("K=" + new string('v', RequestLimits.MaxFormValueBytes))["K"].ToString().Length);
    }

    [Fact]
    public void ABodySplitAcrossSegmentsReadsAsOne()
    {
        var bytes = Encoding.UTF8.GetBytes("Name=%C3%A9%C3%A9n&To=%2B31201234567");
        var first = new Segment(bytes.AsMemory(0, 9));
        var last = first.Then(bytes.AsMemory(9));

        var form = WebhookForm.Parse(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));

        Assert.Equal("één", form["Name"]);
        Assert.Equal("+31201234567", form["To"]);
    }

    [Fact]
    public async Task TheRequestIsReadOnceAndTheFrameworkSeesTheSameForm()
    {
        var request = Request("application/x-www-form-urlencoded; charset=utf-8", "CallSid=CA1&To=%2B31201234567");

        var form = await WebhookForm.ReadAsync(request, CancellationToken.None);

        Assert.IsType<WebhookForm>(form);
        Assert.Same(form, await WebhookForm.ReadAsync(request, CancellationToken.None));
        Assert.True(request.HasFormContentType);
        Assert.Same(form, await request.ReadFormAsync());
        Assert.Equal("+31201234567", form["To"]);
    }

    [Fact]
    public async Task TheFormFeatureHandsBackTheReadFormWithoutReadingAgain()
    {
        var request = Request("application/x-www-form-urlencoded", "CallSid=CA1");
        var form = await WebhookForm.ReadAsync(request, CancellationToken.None);

        var feature = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()!;

        Assert.True(feature.HasFormContentType);
        Assert.Same(form, feature.Form);
        Assert.Same(form, feature.ReadForm());
        Assert.Same(form, await feature.ReadFormAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("Application/X-WWW-Form-UrlEncoded ; Charset=UTF-8", true)]
    [InlineData("application/x-www-form-urlencoded; charset=\"utf-8\"", true)]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1", false)]
    [InlineData("application/x-www-form-urlencodedx", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void OnlyUtf8UrlEncodedBodiesAreReadByIvrItself(string? contentType, bool ours)
    {
        Assert.Equal(ours, WebhookForm.IsUtf8UrlEncoded(contentType));
    }

    [Fact]
    public async Task OtherCharsetsGoToTheFrameworksReaderAndOtherTypesAreAnEmptyForm()
    {
        var latin1 = Request("application/x-www-form-urlencoded; charset=iso-8859-1", "Name=plain");
        var json = Request("application/json", "{\"To\":\"+31201234567\"}");

        var fromFramework = await WebhookForm.ReadAsync(latin1, CancellationToken.None);
        var none = await WebhookForm.ReadAsync(json, CancellationToken.None);

        Assert.IsNotType<WebhookForm>(fromFramework);
        Assert.Equal("plain", fromFramework["Name"]);
        Assert.Empty(none);
    }

    [Fact]
    public void AnEncodedIncomingCallSignsAsTwilioSignedIt()
    {
        var body = Encode(RequestSignatureTests.IncomingCallFields);

        Assert.True(RequestSignature.IsValid(RequestSignatureTests.SignedWithoutPort, RequestSignatureTests.HttpsWithoutPort, Parse(body), [RequestSignatureTests.Token]));
    }

    [Fact]
    public void SpacesUnicodeAndEmptyValuesSignAsTwilioSignedThem()
    {
        var body = Encode(RequestSignatureTests.UnicodeFields);

        Assert.Contains("+", body, StringComparison.Ordinal);
        Assert.True(RequestSignature.IsValid(RequestSignatureTests.SignedUnicode, RequestSignatureTests.UnicodeUrl, Parse(body), [RequestSignatureTests.Token]));
    }

    [Fact]
    public void RepeatedNamesSignEachDistinctValueOnceInOrdinalOrder()
    {
        var body = Encode(
            ("To", "+15005550006"),
            ("Body", "hi"),
            ("MediaUrl", "https://b.example/2.jpg"),
            ("Zeta", "2"),
            ("MediaUrl", "https://a.example/1.jpg"),
            ("Zeta", "10"),
            ("Zeta", "1"),
            ("Zeta", "2"));

        Assert.True(RequestSignature.IsValid(RequestSignatureTests.SignedRepeatedKeys, RequestSignatureTests.RepeatedKeysUrl, Parse(body), [RequestSignatureTests.RepeatedKeysToken]));
    }

    [Fact]
    public void NamesThatDifferOnlyInCaseSignAsSeparateNames()
    {
        // Lookups ignore case, but twilio-node signs "b" and "B" as two names: so must the check.
        var body = Encode(RequestSignatureTests.OrdinalOrderFields);

        Assert.True(RequestSignature.IsValid(RequestSignatureTests.SignedOrdinalOrder, RequestSignatureTests.OrdinalOrderUrl, Parse(body), [RequestSignatureTests.Token]));
    }

    private static WebhookForm Parse(string body) => WebhookForm.Parse(Encoding.UTF8.GetBytes(body));

    /// <summary>Encoded by .NET's own form encoder, as an HTTP client sends it.</summary>
    private static string Encode(params (string Name, string Value)[] fields) =>
        new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))).ReadAsStringAsync().GetAwaiter().GetResult();

    private static HttpRequest Request(string contentType, string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Then(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
