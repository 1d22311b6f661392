using System.Text.Json;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Browser;

/// <summary>Runs one of this folder's headless-Chromium scripts and reads what it saw: the JSON it prints last.</summary>
internal static class BrowserCheck
{
    public static async Task<JsonElement> RunAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        await using var node = ChildProcess.Start("node", [Repo.PathOf("tests", "Ivr.Tests", "Browser", script), .. arguments]);
        Assert.True(await node.WaitForExitAsync(timeout), $"{script} did not finish:\n" + node.Output);
        Assert.True(node.ExitCode == 0, $"{script} exited {node.ExitCode}:\n{node.Output}");
        var json = node.Output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"{script} printed no result:\n" + node.Output);
        using var result = JsonDocument.Parse(json);
        return result.RootElement.Clone();
    }

    /// <summary>The strings of the result's array <paramref name="name"/>.</summary>
    public static List<string?> Strings(this JsonElement result, string name) =>
        result.GetProperty(name).EnumerateArray().Select(e => e.GetString()).ToList();
}
