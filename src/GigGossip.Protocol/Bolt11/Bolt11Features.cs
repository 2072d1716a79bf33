using System.Numerics;

namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// The invoice's feature bits (field <c>9</c>), bit 0 least significant. Even bits are required and
/// odd bits optional ("it's ok to be odd"): a reader fails on an unknown even bit and ignores unknown odd ones.
/// </summary>
public sealed class Bolt11Features : IEquatable<Bolt11Features>
{
    public const int VarOnionOptin = 8;
    public const int PaymentSecret = 14;
    public const int BasicMpp = 16;
    public const int RouteBlinding = 24;
    public const int PaymentMetadata = 48;

    /// <summary>The features BOLT 9 allows in invoices, by their even (required) bit.</summary>
    public static readonly IReadOnlySet<int> KnownInvoiceFeatures =
        new HashSet<int> { VarOnionOptin, PaymentSecret, BasicMpp, RouteBlinding, PaymentMetadata };

    /// <summary>What our invoices require: var_onion_optin and payment_secret (bits 8 and 14).</summary>
    public static readonly Bolt11Features Default = Of(VarOnionOptin, PaymentSecret);

    public static readonly Bolt11Features None = new(BigInteger.Zero);

    private readonly BigInteger _bits;

    private Bolt11Features(BigInteger bits) => _bits = bits;

    public static Bolt11Features Of(params int[] bits)
    {
        var value = BigInteger.Zero;
        foreach (var bit in bits)
        {
            if (bit is < 0 or >= Bolt11TaggedField.MaxWords * 5) throw new ArgumentOutOfRangeException(nameof(bits), bit, "feature bit out of range");
            value |= BigInteger.One << bit;
        }
        return new Bolt11Features(value);
    }

    public bool IsSet(int bit) => bit >= 0 && !(_bits >> bit).IsEven;

    /// <summary>True when the feature is offered, as required (even bit) or optional (odd bit).</summary>
    public bool Supports(int evenBit) => IsSet(evenBit) || IsSet(evenBit | 1);

    public IReadOnlyList<int> SetBits
    {
        get
        {
            var bits = new List<int>();
            for (var (rest, bit) = (_bits, 0); !rest.IsZero; rest >>= 1, bit++)
                if (!rest.IsEven) bits.Add(bit);
            return bits;
        }
    }

    /// <summary>The lowest set even bit that is not a known invoice feature, or null.</summary>
    public int? FirstUnknownRequiredBit => SetBits.Where(bit => bit % 2 == 0 && !KnownInvoiceFeatures.Contains(bit)).Cast<int?>().FirstOrDefault();

    internal static Bolt11Features FromWords(ReadOnlySpan<byte> words)
    {
        var value = BigInteger.Zero;
        foreach (var word in words) value = (value << 5) | word;
        return new Bolt11Features(value);
    }

    internal byte[] ToWords()
    {
        var words = new List<byte>();
        for (var rest = _bits; !rest.IsZero; rest >>= 5) words.Insert(0, (byte)(rest & 31));
        return [.. words];
    }

    public bool Equals(Bolt11Features? other) => other is not null && _bits == other._bits;

    public override bool Equals(object? obj) => Equals(obj as Bolt11Features);

    public override int GetHashCode() => _bits.GetHashCode();

    public override string ToString() => SetBits.Count == 0 ? "none" : string.Join(",", SetBits);
}
