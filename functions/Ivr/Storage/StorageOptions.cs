using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Ivr.Storage;

/// <summary>Settings under <c>Storage</c>: where Table Storage is.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>A connection string, e.g. <c>UseDevelopmentStorage=true</c> or Azurite's (<c>Storage__ConnectionString</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>In Azure: the table endpoint, reached with the app's managed identity (<c>Storage__TableServiceUri</c>).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Table of hand-off records (<c>Storage__HandoffsTable</c>).</summary>
    public string HandoffsTable { get; set; } = "Handoffs";

    /// <summary>Table of line rules and their versions (<c>Storage__LinesTable</c>).</summary>
    public string LinesTable { get; set; } = "Lines";

    /// <summary>Table of who last answered each caller, for sticky routing (<c>Storage__CallersTable</c>).</summary>
    public string CallersTable { get; set; } = "Callers";

    /// <summary>Table of hourly analytics rollups (<c>Storage__RollupsTable</c>).</summary>
    public string RollupsTable { get; set; } = "Rollups";

    /// <summary>Table of who is busy, away or being offered a caller (<c>Storage__PresenceTable</c>).</summary>
    public string PresenceTable { get; set; } = "Presence";

    /// <summary>Table of the callers waiting in each line's queue (<c>Storage__WaitingTable</c>).</summary>
    public string WaitingTable { get; set; } = "Waiting";

    /// <summary>Table of the callbacks waiting their turn, each with its caller's sealed number (<c>Storage__CallbacksTable</c>).</summary>
    public string CallbacksTable { get; set; } = "Callbacks";
}

internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.TableServiceUri is null)
        {
            errors.Add("Storage__ConnectionString or Storage__TableServiceUri is required (locally: UseDevelopmentStorage=true with Azurite).");
        }

        if (options.TableServiceUri is { IsAbsoluteUri: false })
        {
            errors.Add($"Storage__TableServiceUri must be an absolute URL such as https://<account>.table.core.windows.net (got '{options.TableServiceUri}').");
        }

        foreach (var (setting, table) in new[] { ("HandoffsTable", options.HandoffsTable), ("LinesTable", options.LinesTable), ("CallersTable", options.CallersTable), ("RollupsTable", options.RollupsTable), ("PresenceTable", options.PresenceTable), ("WaitingTable", options.WaitingTable), ("CallbacksTable", options.CallbacksTable) })
        {
            if (!TableName().IsMatch(table))
            {
                errors.Add($"Storage__{setting} must be 3-63 letters and digits, starting with a letter (got '{table}').");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{2,62}\z")]
    private static partial Regex TableName();
}
