using GigGossip.Payments;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>A replier's funding notice for the settler's network invoice goes straight to the settler's on-chain wallet, which checks it.</summary>
public sealed partial class SettlerHost : ISettlerFundingNotices
{
    public async Task<SettlerResponse> ReportFundingAsync(string notice, CancellationToken cancellationToken)
    {
        if (_wallet is not IFundingNoticeWallet wallet)
            return new SettlerRefused(SettlerRefusal.BadRequest, "this settler's wallet is not on chain: it takes no funding notices");
        if (!wallet.IsPayeeOf(notice))
            return new SettlerRefused(SettlerRefusal.BadRequest, "the notice is not a funding notice for a contract paying this settler's wallet");
        try
        {
            await wallet.ReportFundingAsync(notice, cancellationToken);
            return new Acknowledged();
        }
        catch (WalletException e) when (e.Error == WalletError.Unreachable)
        {
            return new SettlerRefused(SettlerRefusal.NotYet, $"the settler's bitcoind does not answer ({e.Message}); send the notice again");
        }
        catch (WalletException e)
        {
            _log.LogInformation("settler {Uri}: refused a funding notice: {Message}", Uri, e.Message);
            return new SettlerRefused(e.Error == WalletError.UnknownInvoice ? SettlerRefusal.Unknown : SettlerRefusal.BadRequest, e.Message);
        }
    }
}
