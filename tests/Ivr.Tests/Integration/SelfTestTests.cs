using System.Net;
using System.Text.Json.Nodes;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary><c>GET /api/self-test</c> on a real instance: what it finds, and that it never shows a secret.</summary>
public sealed class SelfTestTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    [Fact]
    public async Task AWellConfiguredInstanceReportsOkWithItsTwilioConsoleValuesAndNoSecret()
    {
        await using var ivr = await env.StartInProcessAsync();

        var (status, body) = await SelfTestAsync(ivr, forwardedHost: "ivr.example.test");

        Assert.Equal(HttpStatusCode.OK, status);
        var report = JsonNode.Parse(body)!;
        Assert.True(report["status"]!.GetValue<string>() == "ok", body);
        Assert.Contains("2 line(s)", Check(report, "lines")["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TwilioWebhooks.PublicBaseUrl + "/api/voice/incoming", report["twilio"]!["voiceUrl"]!.GetValue<string>());
        Assert.Equal(TwilioWebhooks.PublicBaseUrl + "/api/voice/call-status", report["twilio"]!["statusCallbackUrl"]!.GetValue<string>());
        foreach (var secret in new[] { IvrProcess.AuthToken, IvrProcess.CallerHashKey, IvrProcess.AdminKey, IvrProcess.AnalystKey, Azurite.AccountKey })
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MissingPublicBaseUrlUnreadableStorageAndAHalfDoneRotationAreEachNamed()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        await using var ivr = await env.StartInProcessAsync(
            settings =>
            {
                settings.Remove("Twilio__PublicBaseUrl");
                settings["Twilio__SecondaryAuthToken"] = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
                settings["Storage__ConnectionString"] = Azurite.ConnectionStringVia(link.Port);
            },
            seedLines: false);
        link.Cut();

        var (status, body) = await SelfTestAsync(ivr, forwardedHost: "ivr-abc.azurewebsites.net");

        Assert.Equal(HttpStatusCode.OK, status);
        var report = JsonNode.Parse(body)!;
        Assert.Equal("problems", report["status"]!.GetValue<string>());
        Assert.Equal("problem", Check(report, "publicBaseUrl")["status"]!.GetValue<string>());
        Assert.Contains("https://ivr-abc.azurewebsites.net", Check(report, "publicBaseUrl")["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("problem", Check(report, "storage")["status"]!.GetValue<string>());
        Assert.Equal("warning", Check(report, "authToken")["status"]!.GetValue<string>());
        Assert.DoesNotContain("0f1e2d3c4b5a69788796a5b4c3d2e1f0", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnAdminKeyItAnswers401AndReportsNothing()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        using var anonymous = await ivr.Http.GetAsync("/api/self-test");
        using var analyst = await ivr.Admin.SendAsync(HttpMethod.Get, "/api/self-test", withKey: IvrProcess.AnalystKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, analyst.StatusCode);
        Assert.DoesNotContain("checks", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static JsonNode Check(JsonNode report, string name) =>
        report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;

    private static async Task<(HttpStatusCode, string)> SelfTestAsync(RunningIvr ivr, string forwardedHost)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/self-test");
        request.Headers.Authorization = new("Bearer", IvrProcess.AdminKey);
        request.Headers.Add("X-Forwarded-Host", forwardedHost);
        using var response = await ivr.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
