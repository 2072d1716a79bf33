using System.Security.Cryptography;

namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// The 32-byte secret whose SHA256 is the <see cref="PaymentHash"/>. Revealing it settles every invoice on
/// that hash; in Gig-gossip it is also the key of the encrypted reply. <see cref="ToString"/> does not print it.
/// </summary>
public sealed class Preimage : Bytes32
{
    private Preimage(ReadOnlySpan<byte> bytes) : base(bytes, "preimage") => Hash = PaymentHash.Of(this);

    /// <summary>SHA256 of this preimage.</summary>
    public PaymentHash Hash { get; }

    public static Preimage FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static Preimage FromHex(string hex) => new(ParseHex(hex, "preimage"));

    public static Preimage Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>True when SHA256(this) is the given payment hash.</summary>
    public bool Matches(PaymentHash paymentHash) => Hash == paymentHash;

    public override string ToString() => $"preimage of {Hash}";
}
