using GigGossip.Payments;
using GigGossip.Http;

namespace GigGossip.Wallet.Http;

/// <summary>Which HTTP status each refused wallet operation gets: unknown things 404, bad arguments 400, the rest (state) 409.</summary>
public static class WalletErrors
{
    public static int StatusOf(WalletError error) => error switch
    {
        WalletError.UnknownAccount or WalletError.UnknownInvoice => 404,
        WalletError.InvalidAccountId or WalletError.InvalidAmount or WalletError.InvalidArgument or WalletError.MalformedInvoice
            or WalletError.InvalidHold or WalletError.WrongPreimage => 400,
        WalletError.Unauthorized => 401,
        WalletError.Unreachable => 502,
        _ => 409,
    };

    public static (int Status, Problem Problem)? Map(Exception e) => e switch
    {
        WalletException w => (StatusOf(w.Error), new Problem(w.Error.ToString(), HttpInput.OneLine(w.Message))),
        _ => null,
    };
}
