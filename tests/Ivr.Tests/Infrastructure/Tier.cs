namespace Ivr.Tests.Infrastructure;

/// <summary>
/// The test tiers. <c>bash scripts/test.sh</c> runs every test without <c>[Trait(Tier.Name, Tier.All)]</c>, in minutes;
/// <c>bash scripts/test.sh --all</c> (what CI runs) adds these: the published builds, and the reliability scenarios and
/// floods, each of which runs for tens of seconds to minutes.
/// </summary>
internal static class Tier
{
    public const string Name = "Tier";

    public const string All = "all";
}
