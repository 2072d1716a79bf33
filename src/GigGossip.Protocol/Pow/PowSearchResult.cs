namespace GigGossip.Protocol.Pow;

/// <summary>The outcome of a search: the nonce found (null when cancelled first) and the tries made by all threads.</summary>
public readonly record struct PowSearchResult(ulong? Nonce, long Tries);
