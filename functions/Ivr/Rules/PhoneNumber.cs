using System.Text.RegularExpressions;

namespace Ivr.Rules;

internal static partial class PhoneNumber
{
    /// <summary>E.164: a plus, a non-zero country digit, at most 15 digits in all.</summary>
    public static bool IsE164(string? value) => value is not null && E164Pattern().IsMatch(value);

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z")]
    private static partial Regex E164Pattern();
}
