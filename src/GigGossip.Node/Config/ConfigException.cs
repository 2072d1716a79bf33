namespace GigGossip.Node.Config;

/// <summary>A node config that cannot be used; the message names the field and what is wrong with it.</summary>
public sealed class ConfigException(string field, string problem, Exception? inner = null)
    : Exception($"config field '{field}': {problem.ReplaceLineEndings(" ")}", inner)
{
    public string Field { get; } = field;
}
