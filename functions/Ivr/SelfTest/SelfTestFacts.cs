namespace Ivr.SelfTest;

/// <summary>What the self-test found out about this instance; the checks judge these, without any I/O of their own.</summary>
internal sealed record SelfTestFacts
{
    public required Uri? PublicBaseUrl { get; init; }

    /// <summary>The host this request reached Ivr through (X-Forwarded-Host behind the Functions host).</summary>
    public required string RequestHost { get; init; }

    public required bool SecondaryAuthTokenSet { get; init; }

    public required bool Development { get; init; }

    /// <summary>Running in Azure App Service / Functions (<c>WEBSITE_SITE_NAME</c> is set).</summary>
    public required bool InAzure { get; init; }

    public required bool ApplicationInsightsSet { get; init; }

    public required string FallbackNumber { get; init; }

    public required int FallbackRingTimeoutSeconds { get; init; }

    public required int AnalystKeys { get; init; }

    /// <summary>Lines with rules, or null when storage could not be read.</summary>
    public required int? Lines { get; init; }

    /// <summary>Why storage could not be read (status and error code only), or null when it could.</summary>
    public required string? StorageError { get; init; }

    public required bool HandoffWritesReachable { get; init; }

    public required long DroppedUpdates { get; init; }
}
