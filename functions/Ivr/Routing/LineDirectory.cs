using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Ivr.Routing;

/// <summary>Finds a line's rule in memory: the call path never waits on storage for rules.</summary>
internal interface ILineDirectory
{
    LineRule? Find(string? number);
}

internal sealed class ConfiguredLineDirectory(IOptions<LinesOptions> options) : ILineDirectory
{
    private readonly FrozenDictionary<string, LineRule> lines =
        options.Value.Lines.Select(l => l.ToRule()).ToFrozenDictionary(l => l.Number, StringComparer.Ordinal);

    public LineRule? Find(string? number) => number is not null && lines.TryGetValue(number, out var line) ? line : null;
}
