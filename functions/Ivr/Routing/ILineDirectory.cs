using Ivr.Rules;

namespace Ivr.Routing;

/// <summary>Finds a line's rules in memory: the call path never waits on storage for rules.</summary>
internal interface ILineDirectory
{
    LineRules? Find(string? number);
}
