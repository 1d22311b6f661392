using Microsoft.Extensions.Options;

namespace Ivr.Routing;

/// <summary>
/// Lines seeded from configuration (<c>Lines__0__Number</c>, <c>Lines__0__Ring__0</c>, …) until rules
/// are managed through the admin API.
/// </summary>
internal sealed class LinesOptions
{
    public const string Section = "Lines";

    public List<LineSettings> Lines { get; } = [];
}

internal sealed class LineSettings
{
    public string? Number { get; set; }

    public string? Name { get; set; }

    public List<string> Ring { get; } = [];

    public int RingTimeoutSeconds { get; set; } = LineDefaults.RingTimeoutSeconds;

    public string? Greeting { get; set; }

    public string? Language { get; set; }

    public WhenNobodyAnswers WhenNobodyAnswers { get; set; } = WhenNobodyAnswers.Voicemail;

    public LineRule ToRule() => new()
    {
        Number = Number!,
        Name = string.IsNullOrWhiteSpace(Name) ? Number! : Name,
        Ring = Ring.Select(r => RingTarget.TryParse(r, out var target) ? target : throw new InvalidOperationException($"Unvalidated ring target '{r}'.")).ToList(),
        RingTimeoutSeconds = RingTimeoutSeconds,
        Greeting = string.IsNullOrWhiteSpace(Greeting) ? null : Greeting,
        Language = string.IsNullOrWhiteSpace(Language) ? null : Language,
        WhenNobodyAnswers = WhenNobodyAnswers,
    };
}

internal sealed class LinesOptionsValidator : IValidateOptions<LinesOptions>
{
    public ValidateOptionsResult Validate(string? name, LinesOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Lines.Count; i++)
        {
            var line = options.Lines[i];
            var key = $"Lines__{i}";
            if (!PhoneNumber.IsE164(line.Number))
            {
                errors.Add($"{key}__Number must be an E.164 number such as +31201234567 (got '{line.Number}').");
            }
            else if (!seen.Add(line.Number!))
            {
                errors.Add($"{key}__Number repeats line {line.Number}.");
            }

            if (line.Ring.Count is 0 or > LineDefaults.MaxRingTargets)
            {
                errors.Add($"{key}__Ring must list 1 to {LineDefaults.MaxRingTargets} people to ring (got {line.Ring.Count}).");
            }

            for (var j = 0; j < line.Ring.Count; j++)
            {
                if (!RingTarget.TryParse(line.Ring[j], out _))
                {
                    errors.Add($"{key}__Ring__{j} must be an E.164 number, client:<identity> or a sip: address (got '{line.Ring[j]}').");
                }
            }

            if (line.RingTimeoutSeconds is < LineDefaults.MinRingTimeoutSeconds or > LineDefaults.MaxRingTimeoutSeconds)
            {
                errors.Add($"{key}__RingTimeoutSeconds must be between {LineDefaults.MinRingTimeoutSeconds} and {LineDefaults.MaxRingTimeoutSeconds} (got {line.RingTimeoutSeconds}).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
