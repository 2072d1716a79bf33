namespace GigGossip.Settler;

/// <summary>Under the approval registration policy, a subject the operator has not approved asked for its certificate (HTTP 403).</summary>
public sealed class SubjectNotApprovedException(string message) : Exception(message);
