using GigGossip.Http;
using GigGossip.Payments;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>
/// A replier's funding notice for the settler's network invoice goes straight to the settler's on-chain wallet, which checks
/// it. While the wallet's bitcoind does not answer, the settler answers NotYet and keeps the notice, handing it to the wallet
/// again after growing pauses until the wallet takes it or refuses it for good: the replier sends it once.
/// </summary>
public sealed partial class SettlerHost : ISettlerFundingNotices
{
    /// <summary>At most this many notices wait for the settler's bitcoind; more are answered NotYet only.</summary>
    internal const int MaxNoticesKept = 1_000;

    private readonly HashSet<string> _noticesKept = [];
    private Task? _noticeRetry;

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
            var kept = KeepNotice(wallet, notice);
            return new SettlerRefused(SettlerRefusal.NotYet, kept
                ? $"the settler's bitcoind does not answer ({e.Message}); the settler keeps the notice and hands it to its wallet again"
                : $"the settler's bitcoind does not answer ({e.Message}); send the notice again");
        }
        catch (WalletException e)
        {
            _log.LogInformation("settler {Uri}: refused a funding notice: {Message}", Uri, e.Message);
            return new SettlerRefused(e.Error == WalletError.UnknownInvoice ? SettlerRefusal.Unknown : SettlerRefusal.BadRequest, e.Message);
        }
    }

    /// <summary>Keeps a notice the wallet could not check and starts the retry loop if it is not running; false when full.</summary>
    private bool KeepNotice(IFundingNoticeWallet wallet, string notice)
    {
        lock (_noticesKept)
        {
            if (_noticesKept.Count >= MaxNoticesKept && !_noticesKept.Contains(notice)) return false;
            _noticesKept.Add(notice);
            if (_noticeRetry is null || _noticeRetry.IsCompleted) _noticeRetry = Task.Run(() => RetryNoticesAsync(wallet, _stopping.Token));
            return true;
        }
    }

    /// <summary>Hands the kept notices to the wallet after growing pauses; ends when none is left or the settler stops.</summary>
    private async Task RetryNoticesAsync(IFundingNoticeWallet wallet, CancellationToken stopping)
    {
        var backoff = new RetryBackoff(_options.WalletRetryDelay, _options.WalletRetryLongest);
        try
        {
            while (true)
            {
                await Task.Delay(backoff.Next(), _options.Time, stopping);
                string[] kept;
                lock (_noticesKept)
                {
                    kept = [.. _noticesKept];
                    if (kept.Length == 0) return;
                }
                foreach (var notice in kept)
                {
                    try
                    {
                        await wallet.ReportFundingAsync(notice, stopping);
                        _log.LogInformation("settler {Uri}: its wallet took a kept funding notice", Uri);
                        backoff.Reset();
                    }
                    catch (WalletException e) when (e.Error == WalletError.Unreachable)
                    {
                        _log.LogWarning("settler {Uri}: bitcoind still does not answer ({Message}); {Count} funding notices kept, retry {Attempt}",
                            Uri, HttpInput.OneLine(e.Message), kept.Length, backoff.Attempt);
                        break;
                    }
                    catch (WalletException e)
                    {
                        _log.LogInformation("settler {Uri}: its wallet refused a kept funding notice: {Message}", Uri, HttpInput.OneLine(e.Message));
                    }
                    lock (_noticesKept) _noticesKept.Remove(notice);
                }
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // The settler stopped (its wallet may be disposed under the last try); the replier's own retries are its business.
        }
    }
}
