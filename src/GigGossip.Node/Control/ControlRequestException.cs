namespace GigGossip.Node.Control;

/// <summary>
/// A control API request the node cannot act on; <see cref="Status"/> is the HTTP status (400, 404, 409). The message is
/// one line, whatever input it quotes.
/// </summary>
public sealed class ControlRequestException(int status, string message) : Exception(message.ReplaceLineEndings(" "))
{
    public int Status { get; } = status;

    public static ControlRequestException BadRequest(string message) => new(400, message);
}
