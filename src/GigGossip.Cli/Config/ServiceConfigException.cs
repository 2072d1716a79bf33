namespace GigGossip.Cli.Config;

/// <summary>A service config file (wallet, settler) or an option the command cannot use; the message names the field. A node config has its own, <see cref="Node.Config.ConfigException"/>.</summary>
internal sealed class ServiceConfigException(string message) : Exception(message);
