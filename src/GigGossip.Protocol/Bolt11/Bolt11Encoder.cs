using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Bolt11;

/// <summary>Writes and signs BOLT 11 invoices with the issuing node's secp256k1 key (RFC6979, low-S, recoverable).</summary>
public static class Bolt11Encoder
{
    /// <summary>Encodes a draft with our field order and signs it with the node's 32-byte secret key.</summary>
    public static string Encode(Bolt11InvoiceDraft draft, ReadOnlySpan<byte> nodeSecretKey)
    {
        if ((draft.Description is null) == (draft.DescriptionHash is null))
            throw new ArgumentException("an invoice has exactly one of a description and a description hash", nameof(draft));
        var fields = new List<Bolt11TaggedField>
        {
            Bolt11Fields.PaymentHash(draft.PaymentHash),
            Bolt11Fields.PaymentSecret(draft.PaymentSecret),
            draft.Description is not null ? Bolt11Fields.Description(draft.Description) : Bolt11Fields.DescriptionHash(draft.DescriptionHash),
        };
        if (draft.ExpirySeconds != Bolt11Invoice.DefaultExpirySeconds) fields.Add(Bolt11Fields.Expiry(draft.ExpirySeconds));
        fields.Add(Bolt11Fields.MinFinalCltvExpiry(draft.MinFinalCltvExpiryDelta));
        if (draft.IncludePayeeNodeKey) fields.Add(Bolt11Fields.PayeeNodeKey(Secp256k1.Current.GetCompressedPublicKey(nodeSecretKey)));
        var features = draft.Features ?? Bolt11Features.Default;
        if (features.SetBits.Count > 0) fields.Add(Bolt11Fields.Features(features));
        return Encode(draft.Network, draft.AmountMsat, draft.Timestamp, fields, nodeSecretKey);
    }

    /// <summary>Encodes the given tagged fields in the given order and signs the result.</summary>
    public static string Encode(Bolt11Network network, long? amountMsat, DateTimeOffset timestamp, IEnumerable<Bolt11TaggedField> fields, ReadOnlySpan<byte> nodeSecretKey)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        if (seconds is < 0 or >= 1L << 35) throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "timestamp must fit in 35 bits of seconds since 1970");
        var hrp = "ln" + network.CurrencyPrefix() + (amountMsat is { } msat ? Bolt11Amount.Format(msat) : "");

        var words = new List<byte>(capacity: 512);
        for (var shift = 30; shift >= 0; shift -= 5) words.Add((byte)((seconds >> shift) & 31));
        foreach (var field in fields)
        {
            words.Add((byte)field.Type);
            words.Add((byte)(field.Words.Length >> 5));
            words.Add((byte)(field.Words.Length & 31));
            words.AddRange(field.Words);
        }

        var signingHash = SHA256.HashData([.. Encoding.UTF8.GetBytes(hrp), .. Bech32Words.ToBytes([.. words], padToByte: true)]);
        var compact = Secp256k1.Current.SignEcdsaRecoverable(signingHash, nodeSecretKey, out var recoveryId);
        words.AddRange(Bech32Words.FromBytes([.. compact, (byte)recoveryId]));
        return Bech32.Encode(hrp, [.. words]);
    }
}
