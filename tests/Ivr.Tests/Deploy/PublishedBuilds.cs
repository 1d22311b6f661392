using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Deploy;

/// <summary>
/// The handler as it ships: the deploy package built by <c>scripts/package.sh</c> (ReadyToRun), and the Native AOT
/// publish. Each is built once, on first use, into a temporary folder; the builds take minutes, so tests share them.
/// </summary>
public sealed class PublishedBuilds : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    private readonly string root = Directory.CreateTempSubdirectory("ivr-published-").FullName;
    private readonly SemaphoreSlim oneBuildAtATime = new(1, 1);
    private Task<string>? package;
    private Task<(string Directory, string Output)>? nativeAot;

    /// <summary>The deploy zip <c>scripts/package.sh</c> makes.</summary>
    public Task<string> PackageAsync() => package ??= BuildPackageAsync();

    /// <summary>The Native AOT publish folder, and what the publish printed (for its warnings).</summary>
    public Task<(string Directory, string Output)> NativeAotAsync() => nativeAot ??= PublishNativeAotAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        oneBuildAtATime.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> BuildPackageAsync()
    {
        var zip = Path.Combine(root, "ivr-functionapp.zip");
        await RunAsync("bash", ["scripts/package.sh", "--output", zip]);
        return zip;
    }

    private async Task<(string, string)> PublishNativeAotAsync()
    {
        var output = Path.Combine(root, "aot");
        var log = await RunAsync("dotnet", ["publish", "functions/Ivr/Ivr.csproj", "-c", "Release", "-p:PublishProfile=NativeAot", "--artifacts-path", Path.Combine(root, "build"), "-o", output, "--nologo"]);
        return (output, log);
    }

    /// <summary>
    /// Runs a build from the repository root, one at a time (two on two cores only slow each other). Each build has its
    /// own build folders, so a publish someone runs in the clone meanwhile cannot mix in.
    /// </summary>
    private async Task<string> RunAsync(string command, string[] arguments)
    {
        await oneBuildAtATime.WaitAsync();
        try
        {
            await using var process = ChildProcess.Start(command, arguments);
            if (!await process.WaitForExitAsync(BuildTimeout))
            {
                throw new TimeoutException($"{command} {string.Join(' ', arguments)} took longer than {BuildTimeout}:\n{process.Output}");
            }

            return process.ExitCode == 0
                ? process.Output
                : throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{process.Output}");
        }
        finally
        {
            oneBuildAtATime.Release();
        }
    }
}
