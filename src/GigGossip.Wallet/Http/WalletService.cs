using System.Collections.Concurrent;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Wallet.Auth;
using GigGossip.Http;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Wallet.Http;

/// <summary>What the endpoints share: the ledger, challenges, sessions, the admin token, and one wallet object per account.</summary>
internal sealed class WalletService(LedgerWallet wallet, WalletChallenges challenges, WalletSessions sessions, AdminToken adminToken)
{
    private readonly ConcurrentDictionary<string, IInvoiceWatchingWallet> _accounts = new();

    public LedgerWallet Wallet { get; } = wallet;

    public WalletChallenges Challenges { get; } = challenges;

    public WalletSessions Sessions { get; } = sessions;

    public AdminToken AdminToken { get; } = adminToken;

    public IInvoiceWatchingWallet Account(string account) => _accounts.GetOrAdd(account, Wallet.OpenAccount);

    /// <summary>The wallet of the request's session; 401 without a live session token.</summary>
    public IInvoiceWatchingWallet Caller(HttpRequest request)
    {
        if (BearerToken.Of(request) is not { } token)
            throw new HttpProblemException(401, "Unauthorized", "send Authorization: Bearer <session token>; get one from POST /v1/auth/session");
        var account = Sessions.AccountOf(token)
            ?? throw new HttpProblemException(401, "Unauthorized", "the session token is unknown or expired; sign a new challenge");
        return Account(account);
    }
}
