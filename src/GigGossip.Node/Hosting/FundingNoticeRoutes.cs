using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Node.Hosting;

/// <summary>
/// Where this node's funding notices go, learnt from the Reply frames the engine took: each network invoice came from
/// one peer (its issuer), and a network payment hash's downstream is that peer. The payer of an invoice sends its
/// notice there; a hop passes on a notice that is not for its own wallet the same way. At most
/// <see cref="Capacity"/> routes are kept, the oldest forgotten first.
/// </summary>
internal sealed class FundingNoticeRoutes
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, Route> _byInvoice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PublicKey> _byHash = new(StringComparer.Ordinal);
    private readonly Queue<(string Invoice, string Hash)> _order = new();

    public sealed record Route(PublicKey Peer, byte[] NetworkPaymentHash);

    /// <summary>Records a Reply frame from <paramref name="from"/> that the engine took.</summary>
    public void Learn(PublicKey from, ReplyFrame reply)
    {
        PaymentHash hash;
        try { hash = Bolt11Invoice.Decode(reply.NetworkInvoice).PaymentHash; }
        catch (Bolt11FormatException) { return; }
        var key = Convert.ToHexStringLower(hash.Bytes);
        lock (_gate)
        {
            if (_byInvoice.ContainsKey(reply.NetworkInvoice)) return;
            _byInvoice[reply.NetworkInvoice] = new Route(from, hash.ToArray());
            _byHash.TryAdd(key, from);
            _order.Enqueue((reply.NetworkInvoice, key));
            while (_order.Count > Capacity)
            {
                var (invoice, oldHash) = _order.Dequeue();
                if (_byInvoice.Remove(invoice, out var route) && _byHash.TryGetValue(oldHash, out var peer) && peer == route.Peer) _byHash.Remove(oldHash);
            }
        }
    }

    /// <summary>The peer a network invoice came from, with its payment hash; null for an invoice no Reply frame brought.</summary>
    public Route? ForInvoice(string bolt11)
    {
        lock (_gate) return _byInvoice.GetValueOrDefault(bolt11);
    }

    /// <summary>The peer this node's downstream invoice on the network payment hash came from.</summary>
    public PublicKey? Downstream(ReadOnlySpan<byte> networkPaymentHash)
    {
        var key = Convert.ToHexStringLower(networkPaymentHash);
        lock (_gate) return _byHash.GetValueOrDefault(key);
    }
}
