namespace GigGossip.Protocol.Bolt11;

/// <summary>A string that is not a valid BOLT 11 invoice: the message says which rule it breaks.</summary>
public sealed class Bolt11FormatException(string message) : FormatException(message);
