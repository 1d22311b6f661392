using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>Keys can be configured as their SHA-256 only, so app settings never hold a usable key.</summary>
public sealed class KeyHashTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    [Fact]
    public async Task AKeyConfiguredOnlyAsItsHashOpensItsApiAndNothingElse()
    {
        await using var ivr = await env.StartInProcessAsync(
            settings =>
            {
                settings.Remove("Admin__ApiKeys__0");
                settings.Remove("Analytics__ApiKeys__0");
                settings["Admin__ApiKeyHashes__0"] = Sha256Hex(IvrProcess.AdminKey);
                settings["Analytics__ApiKeyHashes__0"] = Sha256Hex(IvrProcess.AnalystKey).ToUpperInvariant();
            },
            seedLines: false);

        using var admin = await ivr.Admin.SendAsync(HttpMethod.Get, "/api/admin/lines");
        using var analytics = await new AnalyticsClient(ivr.Http).GetAsync(AnalyticsClient.SummaryPath);
        using var hashAsKey = await ivr.Admin.SendAsync(HttpMethod.Get, "/api/admin/lines", withKey: Sha256Hex(IvrProcess.AdminKey));
        using var analystOnAdmin = await ivr.Admin.SendAsync(HttpMethod.Get, "/api/admin/lines", withKey: IvrProcess.AnalystKey);

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, analytics.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, hashAsKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, analystOnAdmin.StatusCode);
    }

    [Fact]
    public async Task AMalformedHashStopsTheStartNamingTheSetting()
    {
        var settings = IvrProcess.Settings("UseDevelopmentStorage=true", "Handoffs");
        settings["Analytics__ApiKeyHashes__0"] = "not-a-sha256";

        var (exitCode, output) = await IvrProcess.RunToFailureAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Analytics__ApiKeyHashes__0 must be the SHA-256", output, StringComparison.Ordinal);
    }

    private static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
