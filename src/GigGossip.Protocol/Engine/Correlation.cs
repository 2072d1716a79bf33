namespace GigGossip.Protocol.Engine;

/// <summary>
/// What an answer belongs to: the host hands a correlation from an effect (<see cref="CreateInvoice"/>,
/// <see cref="CallSettler"/>, <see cref="SetNodeTimer"/>) back unchanged with the answer, and the engine knows
/// from its type which role and which job the answer is for. Values compare by content.
/// </summary>
public abstract record Correlation;

/// <summary>A settler's own correlation: the API call an invoice is created for.</summary>
public sealed record SettlerCallCorrelation(string CallId) : Correlation;
