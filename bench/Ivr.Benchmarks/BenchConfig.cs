using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Ivr.Benchmarks;

/// <summary>
/// The default config (whose exporters include GitHub markdown, CSV and HTML), with results under the repository's
/// gitignored <c>artifacts/bench/results</c>, and allocations per operation on every benchmark.
/// </summary>
internal static class BenchConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .WithArtifactsPath(ArtifactsPath())
            .AddDiagnoser(MemoryDiagnoser.Default)
            // Each run builds its own copy of the app (Release, no shared compiler): on a busy two-core machine that
            // takes longer than BenchmarkDotNet's default two minutes.
            .WithBuildTimeout(TimeSpan.FromMinutes(15));

    /// <summary>Baked in at build time (see the project file) so the working directory does not matter.</summary>
    private static string ArtifactsPath() =>
        typeof(BenchConfig).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "IvrBenchArtifacts")?.Value
        ?? Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "bench");
}
