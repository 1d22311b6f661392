using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Ivr.Tests.Deploy;

/// <summary>
/// The closed generic types a dependency-injection container makes from its open-generic registrations
/// (<c>IOptions&lt;T&gt;</c> → <c>UnnamedOptionsManager&lt;T&gt;</c>, <c>ILogger&lt;T&gt;</c> → <c>Logger&lt;T&gt;</c>, the arrays
/// behind <c>IEnumerable&lt;T&gt;</c>), read from the container's own event source while this process runs an app.
/// </summary>
internal sealed partial class ContainerGenerics : EventListener
{
    private const string SourceName = "Microsoft-Extensions-DependencyInjection";

    // CallSiteBuilt(serviceType, callSite JSON, chunkIndex, chunkCount, serviceProviderHashCode): long JSON comes in chunks,
    // in order from the thread that built it, and other threads' events can come between them.
    private readonly ConcurrentQueue<(int Provider, string ServiceType, int Chunk, string Json)> callSites = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == "CallSiteBuilt" && e.Payload is [string serviceType, string json, int chunk, int _, int provider])
        {
            callSites.Enqueue((provider, serviceType, chunk, json));
        }
    }

    /// <summary>Every closed generic type (and array) in the call sites <paramref name="services"/> built so far.</summary>
    public IReadOnlyCollection<Type> Of(IServiceProvider services)
    {
        var json = callSites.Where(s => s.Provider == services.GetHashCode())
            .GroupBy(s => s.ServiceType)
            .Select(site => string.Concat(site.OrderBy(s => s.Chunk).Select(s => s.Json)));

        var types = LoadedTypes();
        var found = new HashSet<Type>();
        foreach (Match m in json.SelectMany(j => TypeInCallSite().Matches(j)))
        {
            var type = Resolve(m.Groups["name"].Value, types);
            if (type is null || !type.IsConstructedGenericType)
            {
                continue;
            }

            found.Add(type);
            if (m.Groups["role"].Value == "serviceType" && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                found.Add(type.GenericTypeArguments[0].MakeArrayType()); // what the container hands out for IEnumerable<T>
            }
        }

        return found;
    }

    private static Dictionary<string, Type> LoadedTypes()
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic))
        {
            Type?[] defined;
            try
            {
                defined = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException ex)
            {
                defined = ex.Types;
            }

            foreach (var type in defined)
            {
                if (type?.FullName is { } name)
                {
                    types.TryAdd(name, type);
                }
            }
        }

        return types;
    }

    /// <summary>Reads <c>Type.ToString()</c> as the event source writes it: <c>Ns.Name`2[Ns.A,Ns.B`1[Ns.C]]</c>.</summary>
    private static Type? Resolve(string name, Dictionary<string, Type> types)
    {
        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return types.GetValueOrDefault(name);
        }

        if (types.GetValueOrDefault(name[..open]) is not { } definition || !name.EndsWith(']'))
        {
            return null;
        }

        var arguments = new List<Type>();
        var inner = name[(open + 1)..^1];
        var (depth, start) = (0, 0);
        for (var i = 0; i <= inner.Length; i++)
        {
            if (i == inner.Length || (inner[i] == ',' && depth == 0))
            {
                if (Resolve(inner[start..i], types) is not { } argument)
                {
                    return null;
                }

                arguments.Add(argument);
                start = i + 1;
            }
            else if (inner[i] == '[')
            {
                depth++;
            }
            else if (inner[i] == ']')
            {
                depth--;
            }
        }

        return definition.GetGenericArguments().Length == arguments.Count ? definition.MakeGenericType([.. arguments]) : null;
    }

    [GeneratedRegex("\"(?<role>serviceType|implementationType|itemType)\": \"(?<name>[^\"]+)\"")]
    private static partial Regex TypeInCallSite();
}
