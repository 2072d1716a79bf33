using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Frames;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Hosting;

/// <summary>Trusted settlers: their revocation lists are fetched at start (all must answer) and refreshed on a timer.</summary>
public sealed partial class NodeHost
{
    private TrustedSettlers _trust;
    private ITimer? _trustTimer;
    private int _refreshing;

    private static async Task<TrustedSettlers> FetchTrustAtStartAsync(NodeHostOptions options, CancellationToken cancellationToken)
    {
        var settlers = new List<TrustedSettler>();
        foreach (var address in options.TrustedSettlers)
        {
            var outcome = await FetchAsync(options, address, cancellationToken).ConfigureAwait(false);
            settlers.Add(outcome.Settler ?? throw new NodeStartException(outcome.Problem!));
        }
        return new TrustedSettlers(settlers, options.Policy.TrustedSettlers.MaxRevocationListAge);
    }

    /// <summary>The settler with its fresh, valid list; or, when it cannot be had, what went wrong.</summary>
    private static async Task<(TrustedSettler? Settler, string? Problem)> FetchAsync(NodeHostOptions options, TrustedSettlerAddress address, CancellationToken cancellationToken)
    {
        SignedRevocationList list;
        try
        {
            if (options.Settlers(address.Uri) is not { } api) return (null, $"no client for trusted settler {address.Uri}");
            list = await api.GetRevocationListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, $"trusted settler {address.Uri} does not answer: {e.Message}");
        }
        var settler = new TrustedSettler(address.PublicKey, address.Uri, list);
        if (settler.RevocationListVerdict != RevocationListVerdict.Valid)
            return (null, $"trusted settler {address.Uri} sent a revocation list that is {settler.RevocationListVerdict} under key {address.PublicKey} (is that its key?)");
        return (settler, null);
    }

    private void StartTrustRefresh()
    {
        if (_options.TrustedSettlers.Count == 0) return;
        _trustTimer = _time.CreateTimer(_ => InBackground(RefreshTrustAsync, "trust refresh"), null, _options.TrustRefreshInterval, _options.TrustRefreshInterval);
    }

    /// <summary>Fetches every list again; a settler that does not answer keeps its previous list (until that goes stale).</summary>
    private async Task RefreshTrustAsync()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1) return;
        try
        {
            var trust = _trust;
            var refreshed = new List<TrustRefreshed>();
            foreach (var address in _options.TrustedSettlers)
            {
                var (settler, problem) = await FetchAsync(_options, address, _stop.Token).ConfigureAwait(false);
                if (settler is null)
                {
                    _log.LogWarning("node {Id}: keeping the previous revocation list: {Problem}", Id, problem);
                    continue;
                }
                trust = trust.With(settler);
                refreshed.Add(new TrustRefreshed(address.Uri, settler.RevocationList!.ReadRevocationList().RevokedSerials.Count));
            }
            _trust = trust;
            await OnLoopAsync(() =>
            {
                _engine.Policy = _engine.Policy with { TrustedSettlers = trust };
                foreach (var update in refreshed) Emit(update);
                return true;
            }, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }
}
