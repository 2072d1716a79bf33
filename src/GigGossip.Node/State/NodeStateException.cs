namespace GigGossip.Node.State;

/// <summary>The node's state file cannot be used: not SQLite, another node's, or a newer schema.</summary>
public sealed class NodeStateException(string message, Exception? inner = null) : Exception(message, inner);
