namespace GigGossip.Protocol.Settlement;

/// <summary>An operator or API request the settler cannot carry out (unknown subject, unknown serial...).</summary>
public sealed class SettlerException(string message) : Exception(message);
