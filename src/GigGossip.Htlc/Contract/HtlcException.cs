namespace GigGossip.Htlc.Contract;

/// <summary>A hash-time-locked contract or spend that cannot be made as asked (wrong preimage, key, locktime, amount).</summary>
public sealed class HtlcException(string message) : Exception(message);
