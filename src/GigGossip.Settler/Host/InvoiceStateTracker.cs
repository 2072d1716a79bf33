using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;

namespace GigGossip.Settler.Host;

/// <summary>
/// Passes on only forward moves of each invoice (Open, then Accepted, then Settled or Cancelled), so a stale
/// lookup that races a live event can never take an invoice back to an earlier state in the engine.
/// </summary>
internal sealed class InvoiceStateTracker
{
    private readonly Dictionary<string, InvoiceState> _last = [];

    public bool IsNews(string invoice, InvoiceState state)
    {
        if (_last.TryGetValue(invoice, out var last) && Rank(state) <= Rank(last)) return false;
        _last[invoice] = state;
        return true;
    }

    public void Forget(string invoice) => _last.Remove(invoice);

    private static int Rank(InvoiceState state) => state switch
    {
        InvoiceState.Open => 0,
        InvoiceState.Accepted => 1,
        _ => 2,
    };
}
