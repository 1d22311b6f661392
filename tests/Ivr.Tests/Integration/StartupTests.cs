using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

public sealed class StartupTests
{
    [Fact]
    public async Task MissingSettingsStopTheStartWithMessagesNamingEachSetting()
    {
        var settings = IvrProcess.Settings("", "Handoffs");
        settings["Twilio__AuthToken"] = "";
        settings["Privacy__CallerHashKey"] = "short";
        settings["Ivr__FallbackNumber"] = "0612345678";
        settings["Admin__ApiKeys__0"] = "too-short";

        var (exitCode, output) = await IvrProcess.RunToFailureAsync(settings);

        Assert.NotEqual(0, exitCode);
        foreach (var setting in new[] { "Twilio__AuthToken", "Storage__ConnectionString", "Ivr__FallbackNumber", "Privacy__CallerHashKey", "Admin__ApiKeys__0" })
        {
            Assert.Contains(setting, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("4")]
    [InlineData("601")]
    public async Task AFallbackRingTimeoutTwilioWouldRefuseStopsTheStartNamingTheSetting(string seconds)
    {
        var settings = IvrProcess.Settings("UseDevelopmentStorage=true", "Handoffs");
        settings["Ivr__FallbackRingTimeoutSeconds"] = seconds;

        var (exitCode, output) = await IvrProcess.RunToFailureAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Ivr__FallbackRingTimeoutSeconds must be between 5 and 600", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("your_auth_token")]
    [InlineData("changeme")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("abababababababababababababababab")]
    [InlineData("7c3f9a1e5b2d48e6a0f1c9d3b7e25a8")]
    public async Task OutsideDevelopmentAPlaceholderAuthTokenStopsTheStart(string placeholder)
    {
        var settings = IvrProcess.Settings("UseDevelopmentStorage=true", "Handoffs");
        settings["Twilio__AuthToken"] = placeholder;
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";

        var (exitCode, output) = await IvrProcess.RunToFailureAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Twilio__AuthToken is not a Twilio auth token", output, StringComparison.Ordinal);
        Assert.DoesNotContain(placeholder, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentAnyNonEmptyTokenIsAccepted()
    {
        var settings = IvrProcess.Settings("UseDevelopmentStorage=true", "Handoffs");
        settings["Twilio__AuthToken"] = "changeme";
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        await using var ivr = await IvrProcess.StartAsync(settings);

        using var response = await ivr.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task TheHandlerAnswersTheHostsReadinessProbeOnItsPort()
    {
        var port = FreePort.Next();
        var settings = IvrProcess.Settings("UseDevelopmentStorage=true", "Handoffs");
        settings["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var ivr = await IvrProcess.StartAsync(settings);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}"), ivr.BaseAddress);
        using var response = await ivr.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task AStartWritesNoDataProtectionKeyRing()
    {
        // Ivr's cookies are HMACs of its own: nothing uses ASP.NET Core's data protection, whose key ring a start used
        // to read, or on a new machine create, in the home folder before the first caller was answered.
        var home = Directory.CreateTempSubdirectory("ivr-home-");
        try
        {
            var settings = IvrProcess.Settings("UseDevelopmentStorage=true", "Handoffs");
            settings["HOME"] = home.FullName;
            await using (var ivr = await IvrProcess.StartAsync(settings))
            {
                using var response = await ivr.Http.GetAsync(new Uri("/", UriKind.Relative));
                Assert.True(response.IsSuccessStatusCode);
            }

            Assert.False(Directory.Exists(Path.Combine(home.FullName, ".aspnet")), "the start wrote a data protection key ring: " + string.Join(", ", home.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(f => f.FullName)));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
