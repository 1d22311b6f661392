using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.Benchmarks.Samples;

/// <summary>Rules served from memory, as <c>LineRulesCache</c> does once loaded, without storage behind it.</summary>
internal sealed class FixedLineDirectory(LineRules rules) : ILineDirectory
{
    public LineRules? Find(string? number) => string.Equals(number, rules.Number, StringComparison.Ordinal) ? rules : null;
}
