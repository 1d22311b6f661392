namespace Ivr.Tests.Infrastructure;

/// <summary>A running Ivr reached over real HTTP on a loopback port: its own process, or hosted in the test process.</summary>
internal interface IIvrHost : IAsyncDisposable
{
    Uri BaseAddress { get; }

    HttpClient Http { get; }
}
