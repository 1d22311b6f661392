using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ivr.Hosting;

/// <summary>
/// A CSV download, streamed: <paramref name="write"/> writes the rows as they are read, so a large export never piles
/// up in memory. Everything that can refuse the request is checked before this answer is chosen, so once it starts,
/// it is a 200.
/// </summary>
internal sealed class CsvAnswer(string fileName, Func<TextWriter, CancellationToken, Task> write) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/csv; charset=utf-8";

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        // Flushed only once written in full: a failure before the first 16 KiB sends nothing, so it can still be answered
        // with a problem instead of a 200 cut off after its header.
        await write(writer, httpContext.RequestAborted);
        await writer.DisposeAsync();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/csv"]));
}
