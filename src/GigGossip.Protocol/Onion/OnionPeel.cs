using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Onion;

/// <summary>What peeling one layer of a backward onion tells a peer.</summary>
public abstract record OnionPeel
{
    private OnionPeel() { }

    /// <summary>Pass the reply on to <paramref name="PreviousPeer"/> with the remaining <paramref name="Inner"/> onion.</summary>
    public sealed record Forward(PublicKey PreviousPeer, byte[] Inner) : OnionPeel;

    /// <summary>The onion is empty: the reply has reached the sender who started it.</summary>
    public sealed record Sender : OnionPeel
    {
        public static Sender Instance { get; } = new();
    }
}
