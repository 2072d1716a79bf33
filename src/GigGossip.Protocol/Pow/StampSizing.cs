namespace GigGossip.Protocol.Pow;

/// <summary>
/// How many bits a sender's stamp needs (docs/protocol/peer-scoring.md, "The sender's stamp"). One accepted request costs the
/// relays about (nodes reached x paid forwards per node) per-hop proofs of 2^powBits tries (only forwards to a node that does
/// not have the request yet are paid: 1.6 per node measured with fanout 3 and scoring, so 2 is the rule's figure); the sender
/// pays its stamp, 2^stampBits. The stamp at least matches the relays when 2^stampBits &gt;= nodes x forwards x 2^powBits, so
/// stampBits = powBits + ceil(log2(nodes x forwards)).
/// </summary>
public static class StampSizing
{
    /// <summary>The stamp bits for a network of <paramref name="nodes"/> where each node forwards a request <paramref name="forwardsPerNode"/> times at <paramref name="powBits"/>.</summary>
    public static int Bits(int nodes, int forwardsPerNode, int powBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(forwardsPerNode, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(powBits);
        return powBits + (int)Math.Ceiling(Math.Log2((double)nodes * forwardsPerNode));
    }
}
