namespace GigGossip.Settler;

/// <summary>A subject's proof of key possession does not hold (bad signature, stale timestamp, wrong action).</summary>
public sealed class SubjectProofException(string message) : Exception(message);
