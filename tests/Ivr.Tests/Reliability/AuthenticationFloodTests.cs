using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Ivr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ivr.Tests.Reliability;

/// <summary>
/// A flood of wrong credentials, each one different and from a different client address: the process must not keep
/// state per credential or per address without bound (it once grew by 260 MB over 300 000 of them).
/// </summary>
[Collection(IvrWithStorageTests.Name)]
[Trait(Tier.Name, Tier.All)]
public sealed class AuthenticationFloodTests(IvrWithStorage env, ITestOutputHelper output)
{
    private const int Requests = 1_000_000;
    private const int WarmUp = 20_000;
    private const int Workers = 32;
    private const long AllowedGrowthBytes = 30L * 1024 * 1024;

    [Fact]
    public async Task AMillionDistinctWrongKeysFromDistinctAddressesLeaveMemoryWithin30MegabytesOfWhereItStarted()
    {
        await using var ivr = await env.StartIvrAsync(seedLines: false);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = Workers })
        {
            BaseAddress = ivr.Process.BaseAddress,
        };

        await FloodAsync(http, 0, WarmUp);
        var before = ResidentBytes(ivr.Process.Process.Id);
        var watch = Stopwatch.StartNew();
        var answers = await FloodAsync(http, WarmUp, Requests);
        var after = ResidentBytes(ivr.Process.Process.Id);
        output.WriteLine($"{Requests} requests in {watch.Elapsed.TotalSeconds:F0} s; resident {before / 1048576.0:F1} -> {after / 1048576.0:F1} MiB; {answers[HttpStatusCode.Unauthorized]} x 401, {answers[HttpStatusCode.TooManyRequests]} x 429");

        // Every request was answered, and none got in.
        Assert.Equal(Requests, answers[HttpStatusCode.Unauthorized] + answers[HttpStatusCode.TooManyRequests]);
        Assert.True(
            after - before <= AllowedGrowthBytes,
            $"resident memory grew from {before / 1048576.0:F1} MiB to {after / 1048576.0:F1} MiB over {Requests} requests ({watch.Elapsed.TotalSeconds:F0} s)");
    }

    /// <summary>Requests <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/>, each with its own key and address.</summary>
    private static async Task<Dictionary<HttpStatusCode, int>> FloodAsync(HttpClient http, int first, int count)
    {
        var next = first - 1;
        var end = first + count;
        var counts = new int[600];
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < end; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/lines");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", string.Create(CultureInfo.InvariantCulture, $"wrong-key-{i:D9}-0123456789abcdef"));
                request.Headers.Add("X-Forwarded-For", string.Create(CultureInfo.InvariantCulture, $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                Interlocked.Increment(ref counts[(int)response.StatusCode]);
            }
        })));
        return new Dictionary<HttpStatusCode, int>
        {
            [HttpStatusCode.Unauthorized] = counts[401],
            [HttpStatusCode.TooManyRequests] = counts[429],
        };
    }

    /// <summary>The process's resident set (VmRSS), as the kernel counts it.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
