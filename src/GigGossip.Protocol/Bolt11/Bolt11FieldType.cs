namespace GigGossip.Protocol.Bolt11;

/// <summary>The 5-bit type codes of BOLT 11 tagged fields (the letter is <see cref="Bech32.Charset"/>[code]).</summary>
public static class Bolt11FieldType
{
    /// <summary><c>p</c>: SHA256 payment hash, 52 words.</summary>
    public const int PaymentHash = 1;

    /// <summary><c>r</c>: one private route of 51-byte hops.</summary>
    public const int RouteHint = 3;

    /// <summary><c>9</c>: feature bits.</summary>
    public const int Features = 5;

    /// <summary><c>x</c>: expiry in seconds (default 3600).</summary>
    public const int Expiry = 6;

    /// <summary><c>f</c>: on-chain fallback address.</summary>
    public const int Fallback = 9;

    /// <summary><c>d</c>: UTF-8 description.</summary>
    public const int Description = 13;

    /// <summary><c>s</c>: payment secret, 52 words.</summary>
    public const int PaymentSecret = 16;

    /// <summary><c>n</c>: 33-byte payee node key, 53 words.</summary>
    public const int PayeeNodeKey = 19;

    /// <summary><c>h</c>: SHA256 of a long description, 52 words.</summary>
    public const int DescriptionHash = 23;

    /// <summary><c>c</c>: min_final_cltv_expiry_delta in blocks (default 18).</summary>
    public const int MinFinalCltvExpiry = 24;

    /// <summary><c>m</c>: payment metadata.</summary>
    public const int Metadata = 27;
}
