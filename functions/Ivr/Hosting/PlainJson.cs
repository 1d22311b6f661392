using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ivr.Hosting;

/// <summary>
/// JSON answers write text as it is: <c>+31201234567</c>, not <c>\u002B31201234567</c>; <c>&lt;</c>, not <c>\u003C</c>. The
/// default encoder escapes them in case the JSON lands inside HTML; Ivr serves JSON only as <c>application/json</c>,
/// never inside a page. Each source-generated context keeps a <c>Plain</c> instance made with these options.
/// </summary>
internal static class PlainJson
{
    public static JsonSerializerOptions Options(JsonSerializerOptions generated) =>
        new(generated) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
