using GigGossip.Lnd.Rest;
using GigGossip.Payments;

namespace GigGossip.Lnd;

/// <summary>LND's refusals as the wallet rules they break. LND names most of them only in its message text, so the text is matched.</summary>
internal static class LndErrors
{
    public static WalletException Map(Exception error, string doing) => error switch
    {
        WalletException walletError => walletError,
        LndUnreachableException e => new WalletException(WalletError.Unreachable, $"{doing}: {e.Message}", e),
        LndApiException e => new WalletException(Classify(e), $"{doing}: lnd says {e.LndMessage}", e),
        _ => new WalletException(WalletError.Unreachable, $"{doing}: {error.Message}", error),
    };

    private static WalletError Classify(LndApiException e)
    {
        var m = e.LndMessage.ToLowerInvariant();
        if (m.Contains("macaroon") || m.Contains("verification failed") || m.Contains("permission denied") || e.Code == 16 || e.Code == 7)
            return WalletError.Unauthorized;
        if (m.Contains("invoice with payment hash already exists") || (e.Code == LndApiException.AlreadyExists && m.Contains("invoice") && !m.Contains("paid")))
            return WalletError.DuplicateInvoice;
        if (m.Contains("already paid") || m.Contains("in transition") || m.Contains("already succeeded") || m.Contains("payment is in flight"))
            return WalletError.DuplicatePayment;
        if (m.Contains("already settled")) return WalletError.AlreadySettled;
        if (m.Contains("already canceled") || m.Contains("invoice canceled") || m.Contains("already cancelled")) return WalletError.AlreadyCancelled;
        if (m.Contains("still open") || m.Contains("not accepted")) return WalletError.NotAccepted;
        if (m.Contains("preimage")) return WalletError.WrongPreimage;
        if (m.Contains("expired")) return WalletError.InvoiceExpired;
        if (m.Contains("unable to locate invoice") || m.Contains("no existing invoices") || e.Code == LndApiException.NotFound) return WalletError.UnknownInvoice;
        if (m.Contains("invalid payment request") || m.Contains("checksum") || m.Contains("bech32")) return WalletError.MalformedInvoice;
        if (m.Contains("cltv") || m.Contains("timelock")) return WalletError.InvalidHold;
        return WalletError.InvalidArgument;
    }

    /// <summary>A payment LND reports FAILED, as the rule it met (the payment itself moved no money).</summary>
    public static WalletException PaymentFailed(string? failureReason, string bolt11Hash) => new(failureReason switch
    {
        "FAILURE_REASON_INSUFFICIENT_BALANCE" => WalletError.InsufficientBalance,
        "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS" => WalletError.UnknownInvoice,
        _ => WalletError.Unreachable,
    }, $"lnd failed the payment on hash {bolt11Hash}: {failureReason ?? "no reason given"}" + failureReason switch
    {
        "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS" => " (the issuer's node does not know the invoice, or cancelled it, or it expired)",
        "FAILURE_REASON_NO_ROUTE" => " (no route within the fee limit and the CLTV limit)",
        "FAILURE_REASON_TIMEOUT" => " (no route found before timeout_seconds)",
        _ => "",
    });
}
