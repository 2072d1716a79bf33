namespace GigGossip.Cli.Config;

/// <summary>A config file or option the command cannot use; the message names the field.</summary>
internal sealed class ConfigException(string message) : Exception(message);
