using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Ivr.Tests.Deploy;

/// <summary>
/// Native AOT compiles only the generic types it can see. Those the container closes at run time it must build from
/// templates when the app starts, and that took a third of the Native AOT cold start (docs/performance.md).
/// <c>NativeAot.Generics.rd.xml</c> names them so they are compiled in; this test keeps that list in step with the
/// app, from what the container really builds while Ivr starts, takes a line's rules and answers its first call.
/// </summary>
public sealed partial class NativeAotGenericsTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string UpdateSetting = "IVR_UPDATE_AOT_GENERICS";
    private static readonly string ListPath = Repo.PathOf("functions", "Ivr", "Properties", "NativeAot.Generics.rd.xml");
    private static readonly string AppFolder = Path.GetDirectoryName(Repo.HandlerDll)!;
    private static readonly string SharedFramework = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)))!;

    [Fact]
    public async Task TheNativeBuildCompilesEveryGenericTypeTheContainerClosesBeforeTheFirstAnswer()
    {
        using var container = new ContainerGenerics();
        var port = FreePort.Next();
        var table = HandoffRecords.UniqueTableName();
        await using var app = env.InProcess(table, host =>
        {
            host.UseEnvironment("Production");
            host.UseSetting("FUNCTIONS_CUSTOMHANDLER_PORT", port.ToString(CultureInfo.InvariantCulture));
        });
        app.UseKestrel(port);
        app.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{IPAddress.Loopback}:{port}") };
        await new AdminClient(http).CreateLineAsync(IvrWithStorage.SupportLine, IvrWithStorage.SupportRules);
        var call = new SimulatedCall(new TwilioWebhooks(http, env.Oracle, TwilioWebhooks.PublicBaseUrl), IvrWithStorage.SupportLine);
        var twiml = await call.ArriveAsync();
        Assert.Equal(IvrWithStorage.SupportAgent, twiml.Root!.Element("Dial")!.Elements().First().Value); // the line's person, as in the benchmark
        // The writer builds its storage pipeline on its first write, in the background: wait for it, so the list does not depend on timing.
        await new HandoffRecords(env.Azurite.ConnectionString, table).WaitForAsync(call.CallSid, _ => true);

        var needed = container.Of(app.Services).Where(ShipsWithTheApp).Select(RdXmlName).ToHashSet();
        // Ivr's own loggers are always closed at start: a filter that drops them has lost most of the list.
        Assert.Contains(needed, name => name.StartsWith("Microsoft.Extensions.Logging.Abstractions|Microsoft.Extensions.Logging.ILogger`1[[Ivr.", StringComparison.Ordinal));
        if (Environment.GetEnvironmentVariable(UpdateSetting) == "1")
        {
            await File.WriteAllTextAsync(ListPath, Render(needed));
        }

        var listed = Listed(await File.ReadAllTextAsync(ListPath));
        var missing = needed.Except(listed).Order(StringComparer.Ordinal).ToList();
        var stale = listed.Except(needed).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && stale.Count == 0,
            $"{Path.GetFileName(ListPath)} is out of date; rewrite it with {UpdateSetting}=1 and this test. "
            + $"Missing ({missing.Count}): {string.Join(", ", missing.Take(20))}. No longer built ({stale.Count}): {string.Join(", ", stale.Take(20))}.");
    }

    /// <summary>
    /// Only types the published app has: the test host's own services and this test assembly's stay out. By file name,
    /// not by where this process loaded it from: a package the tests reference can bring a newer copy of a framework
    /// assembly into the test folder, and its types still ship with the app (from the framework).
    /// </summary>
    private static bool ShipsWithTheApp(Type type) =>
        Components(type).All(t => t.Assembly.Location is { Length: > 0 } location && ShippedFiles.Value.Contains(Path.GetFileName(location)));

    private static readonly Lazy<HashSet<string>> ShippedFiles = new(() =>
        Directory.EnumerateFiles(SharedFramework, "*.dll", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(AppFolder, "*.dll"))
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.Ordinal)!);

    private static IEnumerable<Type> Components(Type type) =>
        type.HasElementType ? Components(type.GetElementType()!)
        : type.IsConstructedGenericType ? [type.GetGenericTypeDefinition(), .. type.GenericTypeArguments.SelectMany(Components)]
        : [type];

    /// <summary>The rd.xml form: the assembly that defines it, then its name with version-free assembly-qualified arguments.</summary>
    private static string RdXmlName(Type type) =>
        type.Assembly.GetName().Name + "|" + VersionParts().Replace(type.FullName!, string.Empty);

    private static HashSet<string> Listed(string rdXml)
    {
        var (listed, assembly) = (new HashSet<string>(StringComparer.Ordinal), string.Empty);
        foreach (Match m in ListedAssemblyOrType().Matches(rdXml))
        {
            if (m.Groups["assembly"].Success)
            {
                assembly = m.Groups["assembly"].Value;
            }
            else
            {
                listed.Add(assembly + "|" + WebUtility.HtmlDecode(m.Groups["type"].Value));
            }
        }

        return listed;
    }

    private static string Render(IEnumerable<string> types)
    {
        var xml = new StringBuilder();
        xml.AppendLine("<!-- Native AOT: the closed generic types the dependency-injection container makes from open-generic registrations")
            .AppendLine("     (IOptions<T>, ILogger<T>, the arrays behind IEnumerable<T>…) while Ivr starts and answers its first call.")
            .AppendLine("     Named here they are compiled in; otherwise the app builds each from a template at start-up, which took a")
            .AppendLine("     third of the cold start (docs/performance.md). Generated, not edited: NativeAotGenericsTests fails when the")
            .AppendLine($"     list is out of date, and rewrites it when run with {UpdateSetting}=1. -->")
            .AppendLine("<Directives xmlns=\"http://schemas.microsoft.com/netfx/2013/01/metadata\">")
            .AppendLine("  <Application>");
        foreach (var assembly in types.Select(t => t.Split('|')).GroupBy(t => t[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            xml.AppendLine(CultureInfo.InvariantCulture, $"    <Assembly Name=\"{assembly.Key}\">");
            foreach (var type in assembly.Select(t => t[1]).Order(StringComparer.Ordinal))
            {
                xml.AppendLine(CultureInfo.InvariantCulture, $"      <Type Name=\"{WebUtility.HtmlEncode(type)}\" Dynamic=\"Required All\" />");
            }

            xml.AppendLine("    </Assembly>");
        }

        return xml.AppendLine("  </Application>").AppendLine("</Directives>").ToString();
    }

    [GeneratedRegex(@", Version=[^,\]]+, Culture=[^,\]]+, PublicKeyToken=[^,\]]+")]
    private static partial Regex VersionParts();

    [GeneratedRegex(@"<Assembly Name=""(?<assembly>[^""]+)"">|<Type Name=""(?<type>[^""]+)""")]
    private static partial Regex ListedAssemblyOrType();
}
