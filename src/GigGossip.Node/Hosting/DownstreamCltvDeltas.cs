using GigGossip.Protocol.Bolt11;

namespace GigGossip.Node.Hosting;

/// <summary>
/// The CLTV delta the next invoice downstream asks, by network payment hash: learnt from the network invoice of each
/// Reply frame the engine took (a middleman's downstream) and of each settlement promise (the replier's downstream, the
/// settler's invoice). Used to size this node's own invoice on the same hash (<see cref="NodeHostOptions.RouteCltvDelta"/>).
/// At most <see cref="Capacity"/> hashes are kept, the oldest forgotten first.
/// </summary>
internal sealed class DownstreamCltvDeltas
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, int> _byHash = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>
    /// Records the invoice's delta under its hash unless one is known; true when it was recorded. A host learns before the
    /// engine sees the frame (the engine's invoice for the hash is created at once) and forgets a frame the engine refused.
    /// </summary>
    public bool Learn(string networkInvoice)
    {
        if (KeyAndDelta(networkInvoice) is not var (key, delta)) return false;
        lock (_gate)
        {
            if (!_byHash.TryAdd(key, delta)) return false;
            _order.Enqueue(key);
            while (_order.Count > Capacity) _byHash.Remove(_order.Dequeue());
            return true;
        }
    }

    public void Forget(string networkInvoice)
    {
        if (KeyAndDelta(networkInvoice) is not var (key, _)) return;
        lock (_gate) _byHash.Remove(key);
    }

    private static (string Key, int Delta)? KeyAndDelta(string networkInvoice)
    {
        try
        {
            var invoice = Bolt11Invoice.Decode(networkInvoice);
            return (Convert.ToHexStringLower(invoice.PaymentHash.Bytes), (int)Math.Min(int.MaxValue, invoice.MinFinalCltvExpiryDelta));
        }
        catch (Bolt11FormatException)
        {
            return null;
        }
    }

    public int? Of(ReadOnlySpan<byte> paymentHash)
    {
        var key = Convert.ToHexStringLower(paymentHash);
        lock (_gate) return _byHash.TryGetValue(key, out var delta) ? delta : null;
    }
}
