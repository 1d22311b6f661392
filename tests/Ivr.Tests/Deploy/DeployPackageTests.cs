using System.IO.Compression;
using System.Text.Json;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Deploy;

/// <summary>The zip <c>scripts/package.sh</c> builds is what the Functions host needs, and the handler in it runs.</summary>
[Collection(IvrWithStorageTests.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // the package is for Linux; Unix file modes are what it keeps
[Trait(Tier.Name, Tier.All)]
public sealed class DeployPackageTests(PublishedBuilds builds, IvrWithStorage env) : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string unpacked = Directory.CreateTempSubdirectory("ivr-package-").FullName;

    public void Dispose() => Directory.Delete(unpacked, recursive: true);

    [Fact]
    public async Task TheRootHoldsHostJsonTheHandlerFolderAndOneFolderPerFunctionOnly()
    {
        await UnpackAsync();

        var files = Directory.GetFiles(unpacked).Select(Path.GetFileName);
        Assert.Equal(["host.json"], files);
        var folders = Directory.GetDirectories(unpacked).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var triggers = Directory.GetDirectories(Repo.PathOf("functions", "triggers")).Select(Path.GetFileName);
        Assert.Equal(triggers.Append("bin").Order(StringComparer.Ordinal), folders);
        foreach (var function in folders.Where(f => f != "bin"))
        {
            Assert.Equal(["function.json"], Directory.GetFiles(Path.Combine(unpacked, function!)).Select(Path.GetFileName));
        }

        Assert.Equal(File.ReadAllText(Repo.PathOf("host.json")), File.ReadAllText(Path.Combine(unpacked, "host.json")));
    }

    [Fact]
    public async Task HostJsonPointsAtAnExecutableSelfContainedHandler()
    {
        var zip = await UnpackAsync();

        var handler = Path.Combine(unpacked, DefaultExecutablePath());
        Assert.True(File.Exists(handler), $"host.json names {DefaultExecutablePath()}, which is not in the package");
        // The mode is checked in the archive itself, as the host's unzip will see it, and after unpacking.
        using (var archive = ZipFile.OpenRead(zip))
        {
            var entry = archive.GetEntry(DefaultExecutablePath()) ?? throw new InvalidOperationException("no handler entry");
            var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
            Assert.True((mode & Executable) == Executable, $"{entry.FullName} is stored as {mode}");
        }

        Assert.True((File.GetUnixFileMode(handler) & UnixFileMode.UserExecute) != 0);
        // Self-contained: the custom-handler image has no .NET runtime to lean on, so the package carries its own.
        Assert.True(File.Exists(Path.Combine(unpacked, "bin", "libcoreclr.so")), "the handler is not self-contained");
    }

    [Fact]
    public async Task EveryFunctionFolderRouteIsServedAndEveryServedFunctionHasAFolder()
    {
        await UnpackAsync();

        FunctionDeclarations.AssertMatchServedEndpoints(unpacked, Path.Combine(unpacked, "host.json"));
    }

    /// <summary>The package's handler is the trimmed ReadyToRun build: every feature must survive the trimming.</summary>
    [Fact]
    public async Task TheUnpackedHandlerStartsFromTheAppRootAndEveryFeatureWorksInIt()
    {
        await UnpackAsync();

        await using var ivr = await env.StartIvrAsync(executable: Path.Combine(unpacked, DefaultExecutablePath()), workingDirectory: unpacked);

        await PublishedFeatureTour.RunAsync(ivr);
    }

    private string DefaultExecutablePath()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(unpacked, "host.json")));
        return host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
    }

    /// <summary>Unpacks the package as the Functions host does (Unix modes kept); returns the zip's path.</summary>
    private async Task<string> UnpackAsync()
    {
        var zip = await builds.PackageAsync();
        ZipFile.ExtractToDirectory(zip, unpacked);
        return zip;
    }
}
