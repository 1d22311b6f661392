namespace Ivr.Rules;

/// <summary>The people a line rings: each once, in ring-group order, with the groups they are in (first group first).</summary>
internal static class RingOrder
{
    public static IEnumerable<(string Person, IReadOnlyList<RingGroup> Groups)> People(LineRules rules) =>
        rules.RingGroups
            .SelectMany(group => group.Members.Select(member => (Person: member.ToString(), Group: group)))
            .GroupBy(m => m.Person, StringComparer.Ordinal)
            .Select(person => (person.Key, (IReadOnlyList<RingGroup>)[.. person.Select(m => m.Group)]));
}
