using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Deploy;

/// <summary>
/// The Native AOT build: it publishes with no trim or AOT warning beyond the known ones from packages and the
/// framework, and every feature works in it (reflection and generic code that only fail at run time under AOT).
/// </summary>
[Collection(IvrWithStorageTests.Name)]
[Trait(Tier.Name, Tier.All)]
public sealed partial class NativeAotTests(PublishedBuilds builds, IvrWithStorage env)
{
    /// <summary>What the NativeAot profile lets through, and why (see its comments): never anything in Ivr's own code.</summary>
    private static readonly string[] KnownWarnings =
    [
        "IL2104 Azure.Data.Tables",
        "IL3053 Azure.Data.Tables",
        "IL3053 Microsoft.AspNetCore.Http.Extensions",
        "IL2026 Microsoft.AspNetCore.Http.Json.JsonOptions.CreateDefaultTypeResolver()",
    ];

    [Fact]
    public async Task ThePublishWarnsOnlyAboutTheKnownGapsInPackagesAndTheFramework()
    {
        var (_, output) = await builds.NativeAotAsync();

        var warnings = TrimWarning().Matches(output).Select(m => $"{m.Groups["code"].Value} {m.Groups["subject"].Value}").ToHashSet();
        Assert.Subset(KnownWarnings.ToHashSet(), warnings);
        Assert.DoesNotContain(warnings, w => w.Contains(" Ivr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryFeatureWorksInTheNativeBuild()
    {
        var (directory, _) = await builds.NativeAotAsync();
        await using var ivr = await env.StartIvrAsync(executable: Path.Combine(directory, "Ivr"), workingDirectory: directory);

        await PublishedFeatureTour.RunAsync(ivr);
    }

    /// <summary>An ILLink/ILC warning as MSBuild prints it: <c>warning IL2104: Assembly 'X' produced …</c> or <c>warning IL2026: Type.Member(): …</c>.</summary>
    [GeneratedRegex(@"warning (?<code>IL\d{4}): (?:Assembly '(?<subject>[^']+)'|(?<subject>[^\s:]+(?:\(\))?):)")]
    private static partial Regex TrimWarning();
}
