namespace GigGossip.Htlc.Bitcoin;

/// <summary>Bytes, hex, an address, a script or a transaction from outside that is malformed or of the wrong kind.</summary>
public sealed class BitcoinFormatException(string message) : Exception(message);
