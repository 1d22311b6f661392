using System.Reflection;

namespace Ivr.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string HandlerDll { get; } = Path.GetFullPath(
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "IvrHandlerDll").Value!);

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ivr.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests from inside the Ivr repository.");
    }
}
