using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Unit;

/// <summary>
/// The feature folders of <c>functions/Ivr</c> depend one way (docs/architecture.md): each folder may refer only to the
/// folders before it in <see cref="Order"/>; <c>Program.cs</c> composes them all. Read from the source, by its
/// <c>using</c> directives and namespace-qualified names, with comments and strings left out.
/// </summary>
public sealed partial class FolderOrderTests
{
    /// <summary>Bottom first.</summary>
    private static readonly string[] Order =
    [
        "Hosting", "Security", "Storage", "Telemetry", "Privacy", "Twilio", "Rules", "Handoffs", "Presence", "Queue",
        "Routing", "Voice", "Admin", "Analytics", "Dashboard", "AdminConsole", "SelfTest",
    ];

    private static readonly string AppFolder = Repo.PathOf("functions", "Ivr");

    [Fact]
    public void EveryFolderReferencesOnlyFoldersBelowIt()
    {
        var against = new List<string>();
        foreach (var folder in Order)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(AppFolder, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (var target in References(File.ReadAllText(file)).Where(target => target != folder))
                {
                    if (Array.IndexOf(Order, target) > Array.IndexOf(Order, folder))
                    {
                        against.Add($"{folder} -> {target} ({Path.GetRelativePath(AppFolder, file)})");
                    }
                }
            }
        }

        Assert.True(against.Count == 0, "References against the folder order:\n" + string.Join("\n", against.Distinct()));
    }

    [Fact]
    public void EveryFolderOfTheAppHasItsPlaceInTheOrder()
    {
        var folders = Directory.EnumerateDirectories(AppFolder)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "Properties"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Order.Order(StringComparer.Ordinal), folders);
    }

    [Theory]
    [InlineData("using Ivr.Routing;\nnamespace Ivr.Rules;", "Routing")]
    [InlineData("namespace Ivr.Rules;\nclass A { object b = Routing.Router.Plan; }", "Routing")]
    [InlineData("namespace Ivr.Rules;\nclass A { object b = Ivr.Voice.VoiceApi.Prefix; }", "Voice")]
    [InlineData("namespace Ivr.Rules;\nclass A { object b = global::Ivr.Admin.AdminApi.Prefix; }", "Admin")]
    [InlineData("using static Ivr.Handoffs.LineKey;\nnamespace Ivr.Rules;", "Handoffs")]
    public void AReferenceInCodeIsFound(string source, string target) =>
        Assert.Contains(target, References(source));

    [Theory]
    [InlineData("namespace Ivr.Rules;\n// Routing.Router does this\nclass A { }")]
    [InlineData("namespace Ivr.Rules;\n/// <see cref=\"Voice.VoiceApi\"/>\nclass A { }")]
    [InlineData("namespace Ivr.Rules;\nclass A { string b = \"Admin.Lines\"; }")]
    [InlineData("namespace Ivr.Rules;\nclass A { object b = rules.Voice.Length; object c = StickyRouting.X; }")]
    public void CommentsStringsAndMembersAreNoReference(string source) =>
        Assert.Empty(References(source));

    /// <summary>The folders a file refers to: by <c>using</c>, or by a name qualified with a folder's namespace.</summary>
    private static HashSet<string> References(string source)
    {
        var code = Comment().Replace(source, string.Empty);
        code = Text().Replace(code, "\"\"");
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in Order)
        {
            if (Regex.IsMatch(code, $@"(?<![\w.])(?:global::)?(?:Ivr\.)?{folder}\.[A-Z]") || Regex.IsMatch(code, $@"\busing\s+(?:static\s+)?Ivr\.{folder}\b"))
            {
                found.Add(folder);
            }
        }

        // A file's own namespace is no reference.
        if (Namespace().Match(code) is { Success: true } own)
        {
            found.Remove(own.Groups["folder"].Value);
        }

        return found;
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"@""(?:""""|[^""])*""|""(?:\\.|[^""\\\n])*""")]
    private static partial Regex Text();

    [GeneratedRegex(@"\bnamespace\s+Ivr\.(?<folder>\w+)")]
    private static partial Regex Namespace();
}
