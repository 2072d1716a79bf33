namespace GigGossip.Node.Hosting;

/// <summary>The node cannot start: its wallet or a settler is unreachable, its certificate is not usable, its port is taken.</summary>
public sealed class NodeStartException(string message, Exception? inner = null) : Exception(message.ReplaceLineEndings(" "), inner);
