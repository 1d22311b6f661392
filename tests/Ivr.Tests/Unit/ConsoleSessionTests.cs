using Ivr.AdminConsole;
using Ivr.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Ivr.Tests.Unit;

/// <summary>The console's cookie and antiforgery token: what makes them stop working.</summary>
public sealed class ConsoleSessionTests
{
    private const string AdminKey = "console-admin-key-0123456789abcdef";
    private const string OtherAdminKey = "console-other-key-0123456789abcdef";
    private const string AnalystKey = "console-analyst-key-0123456789abcd";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ASessionLastsEightHoursAndItsTokenFitsOnlyItself()
    {
        var session = Session(AdminKey, OtherAdminKey);
        var mine = SignedIn(session, AdminKey);
        var other = SignedIn(session, OtherAdminKey);
        var token = session.AntiforgeryToken(mine)!;

        Assert.NotNull(session.SignedInAs(mine));
        Assert.NotEqual(session.SignedInAs(mine), session.SignedInAs(other));
        Assert.True(session.IsAntiforgeryToken(mine, token));
        Assert.False(session.IsAntiforgeryToken(other, token));
        Assert.False(session.IsAntiforgeryToken(mine, token[..^1]));
        Assert.False(session.IsAntiforgeryToken(mine, null));

        time.Advance(KeySessionCookie.Lifetime + TimeSpan.FromSeconds(1));

        Assert.Null(session.SignedInAs(mine));
        Assert.Null(session.AntiforgeryToken(mine));
        Assert.False(session.IsAntiforgeryToken(mine, token));
    }

    [Fact]
    public void ACookieStopsWorkingWhenItsKeyLeavesConfigurationOrIsAltered()
    {
        var before = Session(AdminKey, OtherAdminKey);
        var cookie = SignedIn(before, AdminKey);
        var after = Session(OtherAdminKey);
        var altered = new DefaultHttpContext();
        var value = cookie.Cookies[ConsoleSession.CookieName]!;
        altered.Request.Headers.Cookie = $"{ConsoleSession.CookieName}={value[..^2]}{(value[^2] == 'A' ? 'B' : 'A')}{value[^1]}";

        Assert.NotNull(before.SignedInAs(cookie));
        Assert.Null(after.SignedInAs(cookie));
        Assert.Null(before.SignedInAs(altered.Request));
    }

    [Fact]
    public void OnlyAnAdminKeySignsIn()
    {
        var session = Session(AdminKey);
        var context = new DefaultHttpContext();

        Assert.False(session.SignIn(context, AnalystKey));
        Assert.False(session.SignIn(context, AdminKey + "x"));
        Assert.False(context.Response.Headers.ContainsKey("Set-Cookie"));
        Assert.True(session.SignIn(context, AdminKey));
    }

    private ConsoleSession Session(params string[] adminKeys) => new(
        new ApiKeyRoles(
        [
            new ApiKeyRole(ApiRoles.Admin, new ApiKeySet(adminKeys), "admin", "admin"),
            new ApiKeyRole(ApiRoles.Analyst, new ApiKeySet([AnalystKey]), "analyst", "analyst"),
        ]),
        time);

    /// <summary>A request carrying the cookie that signing in with <paramref name="key"/> set.</summary>
    private static HttpRequest SignedIn(ConsoleSession session, string key)
    {
        var response = new DefaultHttpContext();
        Assert.True(session.SignIn(response, key));
        var cookie = response.Response.Headers.SetCookie.Single()!.Split(';')[0];
        var request = new DefaultHttpContext();
        request.Request.Headers.Cookie = cookie;
        return request.Request;
    }
}
