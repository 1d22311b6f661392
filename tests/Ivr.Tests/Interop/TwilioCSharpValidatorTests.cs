using System.Collections.Specialized;
using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;
using Ivr.Twilio;
using RequestValidator = global::Twilio.Security.RequestValidator;

namespace Ivr.Tests.Interop;

/// <summary>
/// Why Ivr checks Twilio's signatures with its own <see cref="RequestSignature"/> rather than the C# package's
/// <c>RequestValidator</c> (<c>Twilio</c> 8.2.0), shown against the npm package's signatures.
/// </summary>
public sealed class TwilioCSharpValidatorTests(TwilioOracle oracle) : IClassFixture<TwilioOracle>
{
    private const string Token = "abcdef0123456789abcdef0123456789";

    /// <summary>
    /// The C# validator refuses two kinds of genuine requests the npm package and Ivr accept. Repeated form keys: it
    /// takes one string per name and joins repeated values with commas in arrival order, where the npm package signs
    /// each distinct value in ordinal order. And a URL with an explicit <c>:443</c> whose request Twilio signed without
    /// the port (as it signs voice webhooks over HTTPS): it tries that URL only with <c>:443</c>, where the npm package
    /// and Ivr also try it without.
    /// </summary>
    [Fact]
    public async Task TwiliosCSharpValidatorRefusesRepeatedKeysAndA443UrlThatTheNpmPackageAndIvrAccept()
    {
        var refused = new List<string>();
        foreach (var (url, body) in TwilioPackageInteropTests.SignedRequests().Select(data => ((string)data[0], (string)data[1])))
        {
            var form = FormFields.Parse(body);
            // Signed for the URL as given, and for it without its port when it has one.
            foreach (var signedUrl in new[] { url, WithoutPort(url) }.Distinct(StringComparer.Ordinal))
            {
                var signature = await oracle.SignAsync(Token, signedUrl, form);

                var npm = await oracle.ValidateAsync(Token, signature, url, form);
                var ivr = RequestSignature.IsValid(signature, url, FormFields.Grouped(form), [Token]);
                var csharp = new RequestValidator(Token).Validate(url, NameValues(form), signature);

                Assert.True(npm, $"the npm package refuses its own signature for {signedUrl} at {url}");
                Assert.True(ivr, $"Ivr disagrees with the npm package: refuses the signature for {signedUrl} at {url} [{body}]");
                if (!csharp)
                {
                    refused.Add($"{url} [{body}] signed for {signedUrl}");
                }
            }
        }

        string[] expected =
        [
            "https://handoff.example.net:443/api/voice/incoming [CallSid=CA1&To=%2B3120] signed for https://handoff.example.net/api/voice/incoming",
            "https://x.example/hook [MediaUrl=https%3A%2F%2Fb.example%2F2.jpg&MediaUrl=https%3A%2F%2Fa.example%2F1.jpg&Zeta=2&Zeta=10&Zeta=1&Zeta=1] signed for https://x.example/hook",
        ];
        Assert.True(
            refused.SequenceEqual(expected),
            "Twilio's C# RequestValidator no longer refuses exactly the repeated-keys and :443 cases. If it now agrees with the npm "
            + "package, the reasons given for not using it (README, Key concepts; ../shared/ARCHITECTURE.md, decision 2) need updating, and so does this test. "
            + $"Refused now:\n{string.Join('\n', refused)}");
    }

    /// <summary>
    /// The form as the C# validator takes repeated keys: a <see cref="NameValueCollection"/>. Keys compared ordinally, so
    /// <c>b</c> and <c>B</c> stay apart and what is shown is the validator's own doing, not the collection's.
    /// </summary>
    private static NameValueCollection NameValues(IEnumerable<KeyValuePair<string, string>> form)
    {
        var values = new NameValueCollection(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            values.Add(name, value);
        }

        return values;
    }

    private static string WithoutPort(string url) => Regex.Replace(url, @"^([a-z]+://[^/:?#]+):\d+", "$1");
}
