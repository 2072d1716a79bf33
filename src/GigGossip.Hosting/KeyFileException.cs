namespace GigGossip.Hosting;

/// <summary>A key file that is missing, malformed, or readable by others.</summary>
public sealed class KeyFileException(string message) : Exception(message);
