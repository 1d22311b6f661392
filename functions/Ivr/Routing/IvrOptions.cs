using Microsoft.Extensions.Options;

namespace Ivr.Routing;

/// <summary>Settings under <c>Ivr</c>.</summary>
internal sealed class IvrOptions
{
    public const string Section = "Ivr";

    /// <summary>Dialled when no rule can be used, so a caller always reaches someone (<c>Ivr__FallbackNumber</c>).</summary>
    public string? FallbackNumber { get; set; }
}

internal sealed class IvrOptionsValidator : IValidateOptions<IvrOptions>
{
    public ValidateOptionsResult Validate(string? name, IvrOptions options) =>
        PhoneNumber.IsE164(options.FallbackNumber)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Ivr__FallbackNumber must be an E.164 number such as +31201234567 (got '{options.FallbackNumber}'): it is dialled whenever no rule can be used.");
}
