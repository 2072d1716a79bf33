namespace GigGossip.Http;

/// <summary>
/// The body of every refusal of the wallet and settler services: <see cref="Error"/> names the rule (a
/// <c>WalletError</c>, a settler refusal, <c>BadRequest</c>, <c>Unauthorized</c>...), <see cref="Message"/>
/// says it for a person, on one line.
/// </summary>
public sealed record Problem(string Error, string Message);
