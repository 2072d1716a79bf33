using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Bolt11;

/// <summary>BOLT 11's reader rules: bech32, prefix and amount, timestamp, tagged fields, signature.</summary>
internal static class Bolt11Decoder
{
    /// <summary>Longest invoice accepted: far above any real one, low enough to bound the work.</summary>
    public const int MaxLength = 8192;

    private const int TimestampWords = 7;
    private const int SignatureWords = 104;
    private const string UriScheme = "lightning:";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Bolt11Invoice Decode(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new Bolt11FormatException("invoice is empty");
        text = text.Trim();
        if (text.StartsWith(UriScheme, StringComparison.OrdinalIgnoreCase)) text = text[UriScheme.Length..];

        var (hrp, words) = Bech32.Decode(text, MaxLength);
        var (network, amountMsat) = ParsePrefix(hrp);
        if (words.Length < TimestampWords + SignatureWords)
            throw new Bolt11FormatException("invoice is too short to hold a timestamp and a signature");

        var dataWords = words.AsSpan(0, words.Length - SignatureWords);
        var signature = Bech32Words.ToBytes(words.AsSpan(words.Length - SignatureWords), padToByte: false);
        var recoveryId = signature[64];
        if (recoveryId > 3) throw new Bolt11FormatException($"signature recovery id is {recoveryId}, not 0-3");
        var signingHash = SHA256.HashData([.. Encoding.UTF8.GetBytes(hrp), .. Bech32Words.ToBytes(dataWords, padToByte: true)]);

        var timestamp = Bech32Words.ToNumber(dataWords[..TimestampWords])!.Value;
        var fields = ReadTaggedFields(dataWords[TimestampWords..]);
        var parsed = Bolt11FieldReader.Read(fields);
        var compact = signature[..64];
        var payee = CheckSignature(compact, recoveryId, signingHash, parsed.PayeeNodeKey);

        return new Bolt11Invoice
        {
            Text = text.ToLowerInvariant(),
            Network = network,
            AmountMsat = amountMsat,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(timestamp),
            PaymentHash = parsed.PaymentHash,
            PaymentSecret = parsed.PaymentSecret,
            Description = parsed.Description,
            DescriptionHash = parsed.DescriptionHash,
            ExpirySeconds = parsed.ExpirySeconds,
            MinFinalCltvExpiryDelta = parsed.MinFinalCltvExpiryDelta,
            PayeeNodeKey = payee,
            Features = parsed.Features,
            Fallbacks = parsed.Fallbacks,
            RouteHints = parsed.RouteHints,
            Metadata = parsed.Metadata,
            TaggedFields = fields,
            Signature = compact,
            RecoveryId = recoveryId,
            SigningHash = signingHash,
        };
    }

    private static (Bolt11Network Network, long? AmountMsat) ParsePrefix(string hrp)
    {
        if (!hrp.StartsWith("ln", StringComparison.Ordinal)) throw new Bolt11FormatException($"prefix '{hrp}' does not start with 'ln'");
        var rest = hrp[2..];
        var amountStart = rest.IndexOfAny("0123456789".ToCharArray());
        var currency = amountStart < 0 ? rest : rest[..amountStart];
        var network = Bolt11Networks.FromCurrencyPrefix(currency)
            ?? throw new Bolt11FormatException($"prefix 'ln{currency}' names no known network (lnbc, lntb, lntbs, lnbcrt)");
        return (network, amountStart < 0 ? null : Bolt11Amount.ParseMsat(rest[amountStart..]));
    }

    private static List<Bolt11TaggedField> ReadTaggedFields(ReadOnlySpan<byte> words)
    {
        var fields = new List<Bolt11TaggedField>();
        while (words.Length > 0)
        {
            if (words.Length < 3) throw new Bolt11FormatException("a tagged field header is cut short");
            int type = words[0];
            var length = (words[1] << 5) | words[2];
            if (words.Length - 3 < length)
                throw new Bolt11FormatException($"tagged field '{Bech32.Charset[type]}' claims {length} words but only {words.Length - 3} remain");
            fields.Add(new Bolt11TaggedField(type, words.Slice(3, length).ToArray()));
            words = words[(3 + length)..];
        }
        return fields;
    }

    private static byte[] CheckSignature(byte[] compact, int recoveryId, byte[] signingHash, byte[]? payeeField)
    {
        if (payeeField is not null)
        {
            if (!Secp256k1.Current.VerifyEcdsa(compact, signingHash, payeeField))
                throw new Bolt11FormatException("signature does not verify against the payee key in the 'n' field (or is not low-S)");
            return payeeField;
        }
        return Secp256k1.Current.RecoverEcdsa(compact, recoveryId, signingHash)
            ?? throw new Bolt11FormatException("signature is not recoverable to a public key");
    }

    internal static string ToUtf8(byte[] bytes, string what)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new Bolt11FormatException($"{what} is not valid UTF-8");
        }
    }
}
