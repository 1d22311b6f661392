namespace Ivr.Rules;

/// <summary>Finds a line's rules in memory: the call path never waits on storage for rules.</summary>
internal interface ILineDirectory
{
    LineRules? Find(string? number);

    /// <summary>Done once the first load of the rules has succeeded or failed; until then a new instance knows no line.</summary>
    Task FirstLoad => Task.CompletedTask;
}
