namespace GigGossip.Http;

/// <summary>A request the service refuses: answered with <see cref="Status"/> and a <see cref="Problem"/>.</summary>
public class HttpProblemException(int status, string error, string message) : Exception(message)
{
    public int Status { get; } = status;

    public Problem Problem => new(Error, Message);

    public string Error { get; } = error;
}

/// <summary>A request the service cannot use (malformed JSON, a missing field, bad hex): answered 400 with the message.</summary>
public sealed class HttpInputException(string message) : HttpProblemException(400, "BadRequest", message);
