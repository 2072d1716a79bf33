namespace GigGossip.Node.Control;

/// <summary>The node could not be reached, or refused a control request; the message is one line for a person.</summary>
public sealed class ControlClientException(string message, Exception? inner = null) : Exception(message, inner);
