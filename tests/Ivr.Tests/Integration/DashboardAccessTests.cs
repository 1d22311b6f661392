using System.Net;
using System.Net.Http.Headers;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>Who the dashboard lets in: a session cookie or an analyst key in the Authorization header, nothing else.</summary>
public sealed class DashboardAccessTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    // Only the report has a sign-out form; the sign-in page has the key field.
    private const string ReportMarker = "action=\"/dashboard/logout\"";
    private const string SignInMarker = "name=\"key\"";

    [Fact]
    public async Task AnAnalystKeyInTheAuthorizationHeaderOpensTheDashboardAndAnAdminKeyDoesNot()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = ivr.BaseAddress };

        var (analystStatus, analystPage) = await GetAsync(http, "/dashboard", bearer: IvrProcess.AnalystKey);
        var (adminStatus, adminPage) = await GetAsync(http, "/dashboard", bearer: IvrProcess.AdminKey);

        Assert.Equal(HttpStatusCode.OK, analystStatus);
        Assert.Contains(ReportMarker, analystPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, adminStatus);
        Assert.Contains(SignInMarker, adminPage, StringComparison.Ordinal);
        Assert.DoesNotContain(ReportMarker, adminPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSessionCookieOpensTheDashboardButNotTheAnalyticsApi()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = ivr.BaseAddress };
        using var signIn = await http.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", IvrProcess.AnalystKey)]));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        var (dashboardStatus, dashboard) = await GetAsync(http, "/dashboard", cookie: cookie);
        var (apiStatus, _) = await GetAsync(http, AnalyticsClient.SummaryPath, cookie: cookie);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboardStatus);
        Assert.Contains(ReportMarker, dashboard, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, apiStatus);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path, string? bearer = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
