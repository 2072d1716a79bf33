namespace GigGossip.Settler.Client;

/// <summary>The settler service could not be reached or answered something that is not its API.</summary>
public sealed class SettlerUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
