using Ivr.Rules;
using Microsoft.Extensions.Options;

namespace Ivr.Routing;

/// <summary>Settings under <c>Ivr</c>.</summary>
internal sealed class IvrOptions
{
    public const string Section = "Ivr";

    public const int DefaultFallbackRingTimeoutSeconds = 20;

    /// <summary>Dialled when no rule can be used, so a caller always reaches someone (<c>Ivr__FallbackNumber</c>).</summary>
    public string? FallbackNumber { get; set; }

    /// <summary>
    /// How long the fallback number rings (<c>Ivr__FallbackRingTimeoutSeconds</c>): explicit, because Twilio's 30 s
    /// default lets a mobile's own voicemail answer first.
    /// </summary>
    public int FallbackRingTimeoutSeconds { get; set; } = DefaultFallbackRingTimeoutSeconds;
}

internal sealed class IvrOptionsValidator : IValidateOptions<IvrOptions>
{
    public ValidateOptionsResult Validate(string? name, IvrOptions options)
    {
        var errors = new List<string>();
        if (!PhoneNumber.IsE164(options.FallbackNumber))
        {
            errors.Add($"Ivr__FallbackNumber must be an E.164 number such as +31201234567 (got '{options.FallbackNumber}'): it is dialled whenever no rule can be used.");
        }

        if (options.FallbackRingTimeoutSeconds is < RuleLimits.MinRingTimeoutSeconds or > RuleLimits.MaxRingTimeoutSeconds)
        {
            errors.Add($"Ivr__FallbackRingTimeoutSeconds must be between {RuleLimits.MinRingTimeoutSeconds} and {RuleLimits.MaxRingTimeoutSeconds}, Twilio's range for a dial (got {options.FallbackRingTimeoutSeconds}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
