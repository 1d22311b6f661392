using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Infra;

/// <summary>
/// infra/ compiles offline with the Bicep CLI restored from NuGet (PackageDownload in Ivr.Tests.csproj), with no
/// warning at all (the CLI exits 0 on warnings), and the compiled template holds what the app needs.
/// </summary>
public sealed partial class BicepTests
{
    private const string PackageId = "Azure.Bicep.CommandLine.linux-x64";

    // Placeholders for the values the .bicepparam files read from the environment; no secret is in the repo.
    private static readonly Dictionary<string, string?> DeployEnvironment = new()
    {
        ["IVR_TWILIO_AUTH_TOKEN"] = "0123456789abcdef0123456789abcdef",
        ["IVR_CALLER_HASH_KEY"] = "placeholder-caller-hash-key-0123456789",
        ["IVR_ADMIN_KEY_HASH"] = new string('a', 64),
        ["IVR_ANALYST_KEY_HASH"] = new string('b', 64),
        ["IVR_NAME"] = null,
        ["IVR_FALLBACK_NUMBER"] = null,
        ["IVR_PUBLIC_BASE_URL"] = null,
        // No network: anything the CLI tried to fetch would fail (and show up as a diagnostic).
        ["HTTP_PROXY"] = "http://127.0.0.1:9",
        ["HTTPS_PROXY"] = "http://127.0.0.1:9",
        ["NO_PROXY"] = "",
    };

    [Fact]
    public async Task Main_template_compiles_without_any_warning_or_error()
    {
        var result = await MainBuild.Value; // the one build the template tests below read: each run of the CLI takes seconds

        AssertClean(result);
        Assert.NotNull(JsonNode.Parse(result.StandardOutput));
    }

    [Fact]
    public async Task The_warning_check_catches_a_misspelled_property()
    {
        // The CLI only warns (exit 0) on a misspelled property: this is why the tests read the diagnostics.
        var directory = Directory.CreateTempSubdirectory("ivr-bicep-");
        try
        {
            var misspelled = (await File.ReadAllTextAsync(Repo.PathOf("infra", "main.bicep")))
                .Replace("instanceMemoryMB: instanceMemoryMB", "instanceMemoryMb: instanceMemoryMB", StringComparison.Ordinal);
            var path = Path.Combine(directory.FullName, "main.bicep");
            await File.WriteAllTextAsync(path, misspelled);

            var result = await RunBicepAsync("build", path, "--stdout");

            Assert.Equal(0, result.ExitCode);
            Assert.NotEmpty(Diagnostics(result));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Site_is_https_only_with_tls_1_2_on_the_custom_runtime()
    {
        var template = await CompiledTemplateAsync();
        var site = Assert.Single(Resources(template, "Microsoft.Web/sites"));
        var properties = site["properties"]!;

        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("Disabled", properties["siteConfig"]!["ftpsState"]!.GetValue<string>());
        Assert.Equal("custom", properties["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("SystemAssigned", site["identity"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Storage_account_allows_no_shared_key_access()
    {
        var template = await CompiledTemplateAsync();
        var account = Assert.Single(Resources(template, "Microsoft.Storage/storageAccounts"));

        Assert.False(account["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("Twilio__AuthToken")]
    [InlineData("Twilio__PublicBaseUrl")]
    [InlineData("Storage__TableServiceUri")]
    [InlineData("Ivr__FallbackNumber")]
    [InlineData("Privacy__CallerHashKey")]
    [InlineData("Privacy__CallbackKey")]
    [InlineData("Twilio__AccountSid")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("Admin__ApiKeyHashes__0")]
    [InlineData("Analytics__ApiKeyHashes__0")]
    public async Task App_settings_include(string setting)
    {
        var settings = AppSettings(await CompiledTemplateAsync());

        Assert.Contains(setting, settings);
    }

    [Fact]
    public async Task App_settings_include_every_setting_the_configuration_page_marks_required()
    {
        var required = RequiredSettingsInConfigurationPage();
        var settings = AppSettings(await CompiledTemplateAsync());

        Assert.Contains("Twilio__AuthToken", required); // the table was found and read
        Assert.All(required, setting => Assert.Contains(setting, settings));
    }

    [Fact]
    public async Task Secrets_reach_the_app_only_as_key_vault_references()
    {
        var template = await CompiledTemplateAsync();
        var settings = Assert.Single(Resources(template, "Microsoft.Web/sites/config"))["properties"]!;

        foreach (var setting in new[] { "Twilio__AuthToken", "Privacy__CallerHashKey" })
        {
            // Compiled to "[format('@Microsoft.KeyVault(SecretUri={0})', reference(<secret>).secretUri)]".
            var value = settings[setting]!.GetValue<string>();
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", value, StringComparison.Ordinal);
            Assert.Contains("Microsoft.KeyVault/vaults/secrets", value, StringComparison.Ordinal);
        }

        // The callback key is optional: empty, or a Key Vault reference, never the key itself.
        var callbackKey = settings["Privacy__CallbackKey"]!.GetValue<string>();
        Assert.StartsWith("[if(empty(parameters('callbackKey')), '', format('@Microsoft.KeyVault(SecretUri={0})'", callbackKey, StringComparison.Ordinal);
        Assert.Contains("Microsoft.KeyVault/vaults/secrets", callbackKey, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("small", 2048, 40, 1)]
    [InlineData("busy", 4096, 100, 3)]
    public async Task Parameter_file_compiles_without_any_warning_or_error(string file, int memory, int maximum, int alwaysReady)
    {
        var result = await RunBicepAsync("build-params", Repo.PathOf("infra", $"{file}.bicepparam"), "--stdout");

        AssertClean(result);
        var parameters = JsonNode.Parse(JsonNode.Parse(result.StandardOutput)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal(memory, parameters["instanceMemoryMB"]!["value"]!.GetValue<int>());
        Assert.Equal(maximum, parameters["maximumInstanceCount"]!["value"]!.GetValue<int>());
        Assert.Equal(alwaysReady, parameters["alwaysReadyInstances"]!["value"]!.GetValue<int>());
        Assert.Equal(DeployEnvironment["IVR_TWILIO_AUTH_TOKEN"], parameters["twilioAuthToken"]!["value"]!.GetValue<string>());
    }

    private static void AssertClean(BicepResult result)
    {
        Assert.True(result.ExitCode == 0, $"bicep exited {result.ExitCode}:\n{result.StandardError}");
        var diagnostics = Diagnostics(result);
        Assert.True(diagnostics.Count == 0, "bicep reported:\n" + string.Join('\n', diagnostics));
    }

    /// <summary>Every line of stderr naming a warning or an error, and any diagnostic line on stdout.</summary>
    private static List<string> Diagnostics(BicepResult result) =>
        [
            .. result.StandardError.Split('\n').Where(line => AnyWarningOrError().IsMatch(line)),
            .. result.StandardOutput.Split('\n').Where(line => DiagnosticLine().IsMatch(line)),
        ];

    private static readonly Lazy<Task<BicepResult>> MainBuild = new(() => RunBicepAsync("build", Repo.PathOf("infra", "main.bicep"), "--stdout"));

    private static async Task<JsonNode> CompiledTemplateAsync()
    {
        var result = await MainBuild.Value;
        AssertClean(result);
        return JsonNode.Parse(result.StandardOutput)!;
    }

    private static List<JsonNode> Resources(JsonNode template, string type)
    {
        var resources = template["resources"]!;
        var all = resources is JsonArray array ? array.Select(r => r!) : resources.AsObject().Select(p => p.Value!);
        return all.Where(r => string.Equals(r["type"]!.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static HashSet<string> AppSettings(JsonNode template)
    {
        var config = Assert.Single(Resources(template, "Microsoft.Web/sites/config"));
        Assert.Contains("'appsettings'", config["name"]!.GetValue<string>(), StringComparison.Ordinal);
        return [.. config["properties"]!.AsObject().Select(p => p.Key)];
    }

    private static List<string> RequiredSettingsInConfigurationPage()
    {
        var page = File.ReadAllLines(Repo.PathOf("docs", "configuration.md"));
        var table = page.SkipWhile(line => !line.StartsWith("| setting", StringComparison.Ordinal))
            .TakeWhile(line => line.StartsWith('|'));
        return [.. table
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 3 && cells[2] == "yes")
            .SelectMany(cells => SettingName().Matches(cells[1]).Select(m => m.Groups[1].Value))];
    }

    private static string BicepExecutable()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = XDocument.Load(Repo.PathOf("tests", "Ivr.Tests", "Ivr.Tests.csproj"))
            .Descendants("PackageDownload")
            .Single(e => (string?)e.Attribute("Include") == PackageId)
            .Attribute("Version")!.Value.Trim('[', ']');
        var path = Path.Combine(root, PackageId.ToLowerInvariant(), version, "tools", "bicep");
        Assert.True(File.Exists(path), $"The Bicep CLI is not at {path}: run dotnet restore.");

        // NuGet does not keep the executable bit.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static async Task<BicepResult> RunBicepAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(BicepExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in DeployEnvironment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"\b(Warning|Error)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnyWarningOrError();

    [GeneratedRegex(@"\) : (Warning|Error) ")]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"`([A-Za-z_]+__[A-Za-z_]+)`")]
    private static partial Regex SettingName();

    private sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError);
}
