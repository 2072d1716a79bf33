namespace GigGossip.Payments.Ledger;

/// <summary>
/// Account ids. Two system accounts make the journal double-entry and the total constant: <see cref="Genesis"/>
/// (the outside world, the only source of new money, so its balance is minus all money ever funded) and
/// <see cref="Held"/> (payments accepted but not yet settled or cancelled).
/// </summary>
public static class LedgerAccounts
{
    public const string Genesis = "$genesis";
    public const string Held = "$held";
    public const int MaxIdLength = 128;

    /// <summary>Checks a user account id: 1-128 printable ASCII characters, not starting with '$'.</summary>
    public static void Validate(string? accountId)
    {
        if (string.IsNullOrEmpty(accountId) || accountId.Length > MaxIdLength || accountId[0] == '$' || accountId.Any(c => c is < '!' or > '~'))
            throw new WalletException(WalletError.InvalidAccountId,
                $"account id must be 1-{MaxIdLength} printable ASCII characters without spaces, not starting with '$'");
    }
}
