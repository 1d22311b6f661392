// The floor Ivr is measured against: Kestrel answering POST /api/voice/incoming with a constant TwiML dial.
// No form parsing, no signature check, no storage: whatever Ivr costs beyond this is Ivr's own work.
using System.Globalization;
using System.Net;

var builder = WebApplication.CreateSlimBuilder(args);

// The same port contract as Ivr (and the Functions host): FUNCTIONS_CUSTOMHANDLER_PORT on loopback.
var port = int.Parse(builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] ?? "7071", CultureInfo.InvariantCulture);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

var app = builder.Build();

var twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial><Number>+15005550006</Number></Dial></Response>"u8.ToArray();
// A plain RequestDelegate: no parameter binding to generate or reflect over.
app.MapPost("/api/voice/incoming", (RequestDelegate)(context =>
{
    context.Response.ContentType = "text/xml";
    context.Response.ContentLength = twiml.Length;
    return context.Response.Body.WriteAsync(twiml).AsTask();
}));

await app.RunAsync().ConfigureAwait(false);
