using System.Net;
using System.Text.Json.Nodes;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// An admin saving a line's queue and wrap-up over the admin API (in process, over HTTP, rules in Azurite): a bad
/// field is answered 400 problem+json naming exactly that field, and nothing is stored.
/// </summary>
public sealed class QueueRulesAdminApiTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31301239001";
    private const string Agent = "+31612349001";

    private static string Rules(string extra) => $$"""
        {
          "name": "Desk",
          "timeZone": "Europe/Amsterdam",
          "ringGroups": [{ "name": "Desk", "members": ["{{Agent}}"] }]{{extra}}
        }
        """;

    [Theory]
    [InlineData("""{ "enabled": true, "maxWaitSeconds": 29 }""", "queue.maxWaitSeconds")]
    [InlineData("""{ "enabled": true, "maxWaitSeconds": 3601 }""", "queue.maxWaitSeconds")]
    [InlineData("""{ "enabled": true, "maxWaitSeconds": "ten minutes" }""", "queue.maxWaitSeconds")]
    [InlineData("""{ "enabled": true, "music": "http://example.com/hold.mp3" }""", "queue.music")]
    [InlineData("""{ "enabled": true, "music": "hold.mp3" }""", "queue.music")]
    [InlineData("""{ "enabled": false, "music": "ftp://example.com/hold.mp3" }""", "queue.music")]
    public async Task ABadQueueFieldGets400NamingItAndNothingIsStored(string queue, string field)
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        using var response = await ivr.Admin.PutLineAsync(Line, Rules($$""", "queue": {{queue}}"""));

        await AssertRefusedNamingAsync(response, field);
        using var read = await ivr.Admin.GetLineAsync(Line);
        using var history = await ivr.Admin.SendAsync(HttpMethod.Get, AdminClient.LinePath(Line) + "/versions");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("601")]
    public async Task AWrapUpOutOfRangeGets400NamingItAndNothingIsStored(string seconds)
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        using var response = await ivr.Admin.PutLineAsync(Line, Rules($""", "wrapUpSeconds": {seconds}"""));

        await AssertRefusedNamingAsync(response, "wrapUpSeconds");
        using var read = await ivr.Admin.GetLineAsync(Line);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task ABadQueueOnALineThatExistsLeavesItsStoredRulesAsTheyWere()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        var etag = await ivr.Admin.CreateLineAsync(Line, Rules(""", "queue": { "enabled": true, "maxWaitSeconds": 120 }"""));

        using var response = await ivr.Admin.PutLineAsync(Line, Rules(""", "queue": { "enabled": true, "maxWaitSeconds": 7200 }"""), ifMatch: etag);

        await AssertRefusedNamingAsync(response, "queue.maxWaitSeconds");
        using var read = await ivr.Admin.GetLineAsync(Line);
        var stored = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag!.ToString());
        Assert.Equal(120, stored["queue"]!["maxWaitSeconds"]!.GetValue<int>());
        using var history = await ivr.Admin.SendAsync(HttpMethod.Get, AdminClient.LinePath(Line) + "/versions");
        var versions = JsonNode.Parse(await history.Content.ReadAsStringAsync())!;
        Assert.Single(versions.AsArray());
    }

    [Fact]
    public async Task AValidQueueAndWrapUpAreStoredAsWritten()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);

        await ivr.Admin.CreateLineAsync(Line, Rules("""
            , "wrapUpSeconds": 45, "queue": { "enabled": true, "maxWaitSeconds": 300, "announcePosition": false, "music": "https://example.com/hold.mp3" }
            """));

        using var read = await ivr.Admin.GetLineAsync(Line);
        var stored = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal(45, stored["wrapUpSeconds"]!.GetValue<int>());
        Assert.True(stored["queue"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(300, stored["queue"]!["maxWaitSeconds"]!.GetValue<int>());
        Assert.False(stored["queue"]!["announcePosition"]!.GetValue<bool>());
        Assert.Equal("https://example.com/hold.mp3", stored["queue"]!["music"]!.GetValue<string>());
    }

    private static async Task AssertRefusedNamingAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal([field], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.All(problem["errors"]![field]!.AsArray(), message => Assert.False(string.IsNullOrWhiteSpace(message!.GetValue<string>())));
    }
}
