namespace GigGossip.Payments;

/// <summary>A refused wallet operation: <see cref="Error"/> says which rule, the message says it for a person.</summary>
public sealed class WalletException(WalletError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public WalletError Error { get; } = error;
}
