namespace GigGossip.Node.Control;

/// <summary>
/// The node could not be reached (<see cref="Status"/> null), or refused a control request with an HTTP status;
/// the message is one line for a person.
/// </summary>
public sealed class ControlClientException(string message, int? status = null, Exception? inner = null) : Exception(message.ReplaceLineEndings(" "), inner)
{
    public int? Status { get; } = status;
}
