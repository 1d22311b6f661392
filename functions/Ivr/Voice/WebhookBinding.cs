using Ivr.Twilio;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Voice;

internal static class WebhookBinding
{
    /// <summary>
    /// Binds the (already signature-checked) form, or a 400 problem naming the unusable field. The signature check has
    /// read the form by now, so this completes at once: a <see cref="ValueTask{TResult}"/> then costs no allocation.
    /// </summary>
    public static async ValueTask<(VoiceWebhook? Webhook, ValidationProblem? Problem)> BindAsync(HttpRequest request)
    {
        var form = await WebhookForm.ReadAsync(request, request.HttpContext.RequestAborted);
        if (VoiceWebhook.TryBind(form, out var webhook, out var field))
        {
            return (webhook, null);
        }

        var errors = new Dictionary<string, string[]> { [field!] = [$"{field} is missing or malformed."] };
        return (null, TypedResults.ValidationProblem(errors, title: "The webhook is missing a field Ivr needs."));
    }
}
