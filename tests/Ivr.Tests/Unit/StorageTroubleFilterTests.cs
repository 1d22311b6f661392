using Azure;
using Ivr.Hosting;
using Ivr.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivr.Tests.Unit;

/// <summary>Storage trouble on the APIs is a 503 problem, also when it comes while a streamed answer is being written.</summary>
public sealed class StorageTroubleFilterTests
{
    [Fact]
    public async Task TroubleBeforeAStreamedAnswerSentAnythingIsA503Problem()
    {
        var context = await RunAsync(new CsvAnswer("calls.csv", static (_, _) => throw new RequestFailedException(503, "Storage is down.")));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.Empty(context.Response.Headers.ContentDisposition.ToString());
    }

    [Fact]
    public async Task TroubleInTheHandlerIsA503Problem()
    {
        var context = await RunAsync(answer: null, handlerFails: true);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
    }

    [Fact]
    public async Task AnAnswerWithoutTroubleIsWrittenAsItIs()
    {
        var context = await RunAsync(new CsvAnswer("calls.csv", static (writer, _) => writer.WriteAsync("Line,CallSid\r\n")));

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(CsvAnswer.ContentType, context.Response.ContentType);
        Assert.Equal("Line,CallSid\r\n", System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    private static async Task<DefaultHttpContext> RunAsync(IResult? answer, bool handlerFails = false)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        var filter = new StorageTroubleFilter(NullLogger<StorageTroubleFilter>.Instance);
        var result = await filter.InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context),
            _ => handlerFails ? throw new RequestFailedException(503, "Storage is down.") : ValueTask.FromResult<object?>(answer));
        await ((IResult)result!).ExecuteAsync(context);
        return context;
    }
}
