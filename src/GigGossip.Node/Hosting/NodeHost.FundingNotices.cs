using GigGossip.Node.State;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Hosting;

/// <summary>
/// On an on-chain wallet (<see cref="IFundingNoticeWallet"/>) a payment is not seen by its issuer until the payer says
/// where it is. After each payment the host sends the wallet's funding notice in a <see cref="FundingNoticeFrame"/> to
/// the peer the paid network invoice came from (the reply invoice's notice too: it travels the route to the replier),
/// or, for the settler's network invoice this node pays as replier, to the settler over its API. A notice that arrives
/// is handed to the wallet when it pays this wallet's key (the wallet checks the rest), else passed on downstream.
/// The engine sees none of it: it learns of payments from the wallet's events, as on any backend.
/// </summary>
public sealed partial class NodeHost
{
    private readonly FundingNoticeRoutes _noticeRoutes = new();

    /// <summary>After <paramref name="bolt11"/> is paid: its funding notice to the issuer. Never fails the payment.</summary>
    private async Task SendFundingNoticeAsync(string bolt11, CancellationToken cancellationToken)
    {
        if (_options.Wallet is not IFundingNoticeWallet wallet) return;
        try
        {
            var invoice = Bolt11Invoice.Decode(bolt11);
            if (await wallet.FundingNoticeAsync(invoice.PaymentHash, cancellationToken).ConfigureAwait(false) is not { } notice) return;
            if (await NoticeRouteAsync(bolt11, cancellationToken).ConfigureAwait(false) is { } route)
            {
                var frame = new Frame
                {
                    FundingNotice = new FundingNoticeFrame
                    {
                        NetworkPaymentHash = Google.Protobuf.ByteString.CopyFrom(route.NetworkPaymentHash),
                        SealedNotice = Google.Protobuf.ByteString.CopyFrom(SealedFundingNotice.Seal(notice, invoice.PayeeNodeKey)),
                    },
                };
                _mailbox.Writer.TryWrite(() => Send(new Protocol.Engine.SendFrame(route.Peer, frame)));
                return;
            }
            if (_options.WorkSettlerUri is { } uri && _options.Settlers(uri) is ISettlerFundingNotices settler)
            {
                var answer = await settler.ReportFundingAsync(notice, cancellationToken).ConfigureAwait(false);
                if (answer is Protocol.Engine.SettlerRefused refused)
                    _log.LogWarning("node {Id}: settler {Uri} refused the funding notice of {Hash}: {Message}", Id, uri, invoice.PaymentHash, refused.Message);
                return;
            }
            _log.LogWarning("node {Id}: no peer or settler to send the funding notice of {Hash} to; its issuer will not see the payment", Id, invoice.PaymentHash);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning("node {Id}: the funding notice of a payment was not delivered: {Message}", Id, e.Message);
        }
    }

    /// <summary>A network invoice's own route; a reply invoice goes the way of its offer's network invoice.</summary>
    private async Task<FundingNoticeRoutes.Route?> NoticeRouteAsync(string bolt11, CancellationToken cancellationToken)
    {
        if (_noticeRoutes.ForInvoice(bolt11) is { } route) return route;
        var state = await QueryAsync(e => e.ExportMoneyState(), cancellationToken).ConfigureAwait(false);
        return state.SenderJobs.FirstOrDefault(j => j.Offer.ReplyInvoice == bolt11) is { } job ? _noticeRoutes.ForInvoice(job.Offer.NetworkInvoice) : null;
    }

    private async Task OnFundingNoticeAsync(PublicKey from, FundingNoticeFrame frame, CancellationToken cancellationToken)
    {
        if (_options.Wallet is not IFundingNoticeWallet wallet)
        {
            _log.LogDebug("node {Id}: {Peer} sent a funding notice; this node's wallet is not on chain", Id, from);
            return;
        }
        var notice = frame.SealedNotice.IsEmpty ? frame.Notice : OpenSealed(wallet, frame);
        if (notice is not null && wallet.IsPayeeOf(notice))
        {
            NoticeInbox.Add(notice, NowMs);
            await DeliverFundingNoticeAsync(wallet, notice, from, kept: false, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (_noticeRoutes.Downstream(frame.NetworkPaymentHash.Span) is { } next && next != from)
        {
            var forwarded = new Frame { FundingNotice = frame };
            _mailbox.Writer.TryWrite(() =>
            {
                Send(new Protocol.Engine.SendFrame(next, forwarded));
                Emit(new FundingNoticePassedOn(from, next, frame.SealedNotice.ToByteArray(), frame.Notice));
            });
            return;
        }
        if (!frame.SealedNotice.IsEmpty)
        {
            RefuseFundingNotice(from, "the sealed funding notice does not open with this wallet's key: it was changed on the way or sealed to another payee");
            return;
        }
        _log.LogInformation("node {Id}: {Peer} sent a funding notice that is neither for this wallet nor for a route it knows; dropped", Id, from);
    }

    private static string? OpenSealed(IFundingNoticeWallet wallet, FundingNoticeFrame frame)
    {
        try
        {
            return wallet.OpenSealedNotice(frame.SealedNotice.Span);
        }
        catch (DecryptionFailedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Hands a kept notice to the wallet: it leaves the inbox once the wallet took it or refused it for good; while the
    /// wallet's bitcoind does not answer it stays, for <see cref="RedeliverFundingNoticesAsync"/>.
    /// </summary>
    private async Task DeliverFundingNoticeAsync(IFundingNoticeWallet wallet, string notice, PublicKey? from, bool kept, CancellationToken cancellationToken)
    {
        try
        {
            await wallet.ReportFundingAsync(notice, cancellationToken).ConfigureAwait(false);
            NoticeInbox.Remove(notice);
            _mailbox.Writer.TryWrite(() => Emit(new FundingNoticeTaken(kept)));
        }
        catch (WalletException e) when (e.Error == WalletError.Unreachable)
        {
            _log.LogWarning("node {Id}: the wallet cannot check a funding notice now ({Message}); it is kept and handed over again", Id, e.Message);
        }
        catch (WalletException e)
        {
            NoticeInbox.Remove(notice);
            if (from is { } peer) RefuseFundingNotice(peer, $"the wallet refused it: {e.Message}");
            else _log.LogWarning("node {Id}: the wallet refused a kept funding notice: {Message}", Id, e.Message);
        }
    }

    private void RefuseFundingNotice(PublicKey from, string reason)
    {
        _log.LogWarning("node {Id}: refused {Peer}'s funding notice: {Reason}", Id, from, reason);
        _mailbox.Writer.TryWrite(() => Emit(new FundingNoticeRefused(from, reason)));
    }

    /// <summary>Hands the kept notices to the wallet at start (a restart after a crash) and then every few seconds.</summary>
    private async Task RedeliverFundingNoticesAsync()
    {
        if (_options.Wallet is not IFundingNoticeWallet wallet) return;
        while (!_stop.IsCancellationRequested)
        {
            foreach (var notice in NoticeInbox.Pending())
                await DeliverFundingNoticeAsync(wallet, notice, from: null, kept: true, _stop.Token).ConfigureAwait(false);
            await Task.Delay(FundingNoticeRetry, _time, _stop.Token).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan FundingNoticeRetry = TimeSpan.FromSeconds(2);

    private FundingNoticeInbox NoticeInbox
    {
        get
        {
            lock (_noticeRoutes) return _noticeInbox ??= FundingNoticeInbox.Open(_options.StatePath);
        }
    }

    private FundingNoticeInbox? _noticeInbox;
}
