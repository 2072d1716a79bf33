namespace GigGossip.Protocol.Peers;

/// <summary>What a peer did that its score counts (the free market's track record, and its faults).</summary>
public enum PeerActivity
{
    /// <summary>It was the first to deliver a valid broadcast to us.</summary>
    FirstDelivery,
    /// <summary>A reply or offer came back to us through it.</summary>
    RoutedReply,
    /// <summary>A network fee settled on a route through it; the amount is in satoshis.</summary>
    SettledFee,
    /// <summary>It sent an invalid frame, proof of work or signature.</summary>
    InvalidFrame,
    /// <summary>It asked for conditions and let them time out without a solved broadcast.</summary>
    AskTimeout,
    /// <summary>It asked for conditions (counted for the proof-of-work price, not for the score).</summary>
    Ask,
    /// <summary>It passed on a broadcast this node heard of lately (first or not): it is in the mesh and its misses start again from zero.</summary>
    Delivery,
}
