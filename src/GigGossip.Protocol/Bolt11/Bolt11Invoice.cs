using System.Security.Cryptography;
using System.Text;

namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// A decoded, signature-checked BOLT 11 invoice. Get one from <see cref="Decode"/>; make one with
/// <see cref="Bolt11Encoder"/>. Byte arrays are copies owned by the invoice: do not change them.
/// </summary>
public sealed record Bolt11Invoice
{
    /// <summary>Default <c>x</c>: one hour.</summary>
    public const long DefaultExpirySeconds = 3600;

    /// <summary>Default <c>c</c>: 18 blocks.</summary>
    public const long DefaultMinFinalCltvExpiryDelta = 18;

    /// <summary>The invoice string, lower case, without a "lightning:" prefix.</summary>
    public required string Text { get; init; }

    public required Bolt11Network Network { get; init; }

    /// <summary>Amount in millisatoshi, or null for an any-amount invoice.</summary>
    public required long? AmountMsat { get; init; }

    /// <summary>Creation time (whole seconds).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required PaymentHash PaymentHash { get; init; }

    public required PaymentSecret PaymentSecret { get; init; }

    /// <summary>Field <c>d</c>; exactly one of this and <see cref="DescriptionHash"/> is set.</summary>
    public required string? Description { get; init; }

    /// <summary>Field <c>h</c>: SHA256 of a description carried elsewhere.</summary>
    public required byte[]? DescriptionHash { get; init; }

    public required long ExpirySeconds { get; init; }

    public required long MinFinalCltvExpiryDelta { get; init; }

    /// <summary>The payee's 33-byte compressed node key: field <c>n</c> when present, otherwise recovered from the signature.</summary>
    public required byte[] PayeeNodeKey { get; init; }

    public required Bolt11Features Features { get; init; }

    public required IReadOnlyList<Bolt11Fallback> Fallbacks { get; init; }

    /// <summary>Private routes (fields <c>r</c>), each a list of hops, most preferred first.</summary>
    public required IReadOnlyList<IReadOnlyList<Bolt11RouteHop>> RouteHints { get; init; }

    /// <summary>Field <c>m</c>, or null.</summary>
    public required byte[]? Metadata { get; init; }

    /// <summary>Every tagged field in wire order, including unknown and skipped ones.</summary>
    public required IReadOnlyList<Bolt11TaggedField> TaggedFields { get; init; }

    /// <summary>The 64-byte compact signature r||s.</summary>
    public required byte[] Signature { get; init; }

    public required int RecoveryId { get; init; }

    /// <summary>SHA256 of the human-readable part and the data part before the signature, as signed.</summary>
    public required byte[] SigningHash { get; init; }

    /// <summary>When the invoice stops being payable; saturates at <see cref="DateTimeOffset.MaxValue"/>.</summary>
    public DateTimeOffset ExpiresAt
    {
        get
        {
            var seconds = Timestamp.ToUnixTimeSeconds();
            var maxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
            return ExpirySeconds >= maxSeconds - seconds ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(seconds + ExpirySeconds);
        }
    }

    /// <summary>True from <see cref="ExpiresAt"/> on: a payer should no longer pay it.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>True when the <c>h</c> field is the SHA256 of this description (BOLT 11's check for hashed descriptions).</summary>
    public bool CommitsToDescription(string description) =>
        DescriptionHash is not null && SHA256.HashData(Encoding.UTF8.GetBytes(description)).AsSpan().SequenceEqual(DescriptionHash);

    /// <summary>Decodes and verifies any BOLT 11 invoice (either case, optionally prefixed "lightning:").</summary>
    /// <exception cref="Bolt11FormatException">the string breaks a BOLT 11 rule; the message says which.</exception>
    public static Bolt11Invoice Decode(string text) => Bolt11Decoder.Decode(text);

    public override string ToString() => Text;
}
