using System.Globalization;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Tests.Bolt11.Interop;

namespace GigGossip.Protocol.Tests.Bolt11;

/// <summary>Invoices from our encoder decode with the npm bolt11 package to the same fields and a valid signature.</summary>
public class Bolt11NpmInteropTests
{
    private static readonly long[] Amounts = [1, 7, 10, 990, 1_000, 123_456, 100_000, 2_500_000, 100_000_000, 967_878_534, 100_000_000_000, 2_100_000_000_000_000];
    private static readonly string[] Descriptions = ["ride from r3gx2g5 to r3gx2fz", "ナンセンス 1杯", "", "delivery: 2 boxes, \"fragile\""];

    [Fact]
    public void Our_invoices_decode_identically_with_npm_bolt11()
    {
        var key = SecretKey.Generate();
        var drafts = new List<Bolt11InvoiceDraft>();
        var index = 0;
        foreach (var network in Enum.GetValues<Bolt11Network>())
        foreach (var amount in Amounts)
        {
            var description = Descriptions[index % Descriptions.Length];
            var expiry = index % 3 == 0 ? Bolt11Invoice.DefaultExpirySeconds : 60 * (index + 1);
            drafts.Add(new Bolt11InvoiceDraft(network, amount, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + index),
                Preimage.Generate().Hash, PaymentSecret.Generate(), description, ExpirySeconds: expiry,
                MinFinalCltvExpiryDelta: 18 + index, IncludePayeeNodeKey: index % 2 == 0));
            index++;
        }
        var texts = drafts.Select(d => Bolt11Encoder.Encode(d, key.Bytes)).ToList();

        var decoded = NpmBolt11Decoder.Decode(texts);

        Assert.Equal(texts.Count, decoded.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var (draft, npm) = (drafts[i], decoded[i]);
            Assert.Null(npm.Error);
            Assert.Equal(draft.Network.CurrencyPrefix(), npm.Network);
            Assert.Equal(draft.AmountMsat!.Value.ToString(CultureInfo.InvariantCulture), npm.Millisatoshis);
            Assert.Equal(draft.Timestamp.ToUnixTimeSeconds(), npm.Timestamp);
            Assert.Equal(draft.PaymentHash.ToHex(), npm.PaymentHash);
            Assert.Equal(draft.PaymentSecret.ToHex(), npm.PaymentSecret);
            Assert.Equal(draft.Description, npm.Description);
            Assert.Equal(draft.ExpirySeconds, npm.Expiry ?? Bolt11Invoice.DefaultExpirySeconds);
            Assert.Equal(draft.MinFinalCltvExpiryDelta, npm.MinFinalCltvExpiry);
            Assert.Equal(Convert.ToHexStringLower(key.CompressedPublicKey), npm.PayeeNodeKey);
            Assert.True(npm.SignatureVerifies);
        }
    }

    [Fact]
    public void Npm_bolt11_rejects_what_we_reject_on_checksum()
    {
        var decoded = NpmBolt11Decoder.Decode([Bolt11SpecInvoices.InvalidChecksum]);
        Assert.NotNull(Assert.Single(decoded).Error);
        Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Decode(Bolt11SpecInvoices.InvalidChecksum));
    }
}
