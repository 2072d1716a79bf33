using GigGossip.Protocol.Bolt11;
using static GigGossip.Protocol.Tests.Bolt11.Bolt11SpecInvoices;

namespace GigGossip.Protocol.Tests.Bolt11;

/// <summary>Every valid example of BOLT 11 decodes to the fields the spec states, and its signature checks.</summary>
public class Bolt11SpecDecodingTests
{
    private const string ListOfItems =
        "Blockstream Store: 88.85 USD for Blockstream Ledger Nano S x 1, \"Back In My Day\" Sticker x 2, \"I Got Lightning Working\" Sticker x 2 and 1 more items";

    [Fact]
    public void Donation_of_any_amount_decodes_with_recovered_payee()
    {
        var invoice = Bolt11Invoice.Decode(Donation);
        AssertCommon(invoice, Bolt11Network.Bitcoin, amountMsat: null);
        Assert.Equal("Please consider supporting this project", invoice.Description);
        Assert.Null(invoice.DescriptionHash);
        Assert.Equal(3600, invoice.ExpirySeconds);
        Assert.Equal(18, invoice.MinFinalCltvExpiryDelta);
        Assert.Equal([8, 14], invoice.Features.SetBits);
        AssertSignature(invoice,
            "8d3ce9e28357337f62da0162d9454df827f83cfe499aeb1c1db349d4d81127425e434ca29929406c23bba1ae8ac6ca32880b38d4bf6ff874024cac34ba9625f1", 1,
            "6daf4d488be41ce7cbb487cab1ef2975e5efcea879b20d421f0ef86b07cbb987");
    }

    [Fact]
    public void Cup_of_coffee_decodes_amount_in_micro_bitcoin_and_one_minute_expiry()
    {
        var invoice = Bolt11Invoice.Decode(CupOfCoffee);
        AssertCommon(invoice, Bolt11Network.Bitcoin, amountMsat: 250_000_000);
        Assert.Equal("1 cup coffee", invoice.Description);
        Assert.Equal(60, invoice.ExpirySeconds);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Timestamp + 60), invoice.ExpiresAt);
        AssertSignature(invoice,
            "e59e3ffbd3945e4334879158d31e89b076dff54f3fa7979ae79df2db9dcaf5896cbfe1a478b8d2307e92c88139464cb7e6ef26e414c4abe33337961ddc5e8ab1", 1,
            "047e24bf270b25d42a56d57b2578faa3a10684641bab817c2851a871cb41dbc0");
    }

    [Fact]
    public void Cup_of_nonsense_decodes_a_utf8_description()
    {
        var invoice = Bolt11Invoice.Decode(CupOfNonsense);
        AssertCommon(invoice, Bolt11Network.Bitcoin, amountMsat: 250_000_000);
        Assert.Equal("ナンセンス 1杯", invoice.Description);
        Assert.Equal(60, invoice.ExpirySeconds);
        AssertSignature(invoice,
            "bae41ef385e0fc972977c7ea42b12cbd76577d2412919da8a8a22f9577b6507710c0e96dd78c821dea16453037f717f44aa7e3d196ebb18fbb97307dcb7336c3", 1,
            "f140d992ba419578ba9cfe1af85f92df90a76f442fb5e6e09b1f0582534ba87d");
    }

    [Fact]
    public void Hashed_description_decodes_and_commits_to_the_long_description()
    {
        var invoice = Bolt11Invoice.Decode(HashedDescription);
        AssertCommon(invoice, Bolt11Network.Bitcoin, amountMsat: 2_000_000_000);
        Assert.Null(invoice.Description);
        Assert.Equal(ListOfThingsHashHex, Convert.ToHexStringLower(invoice.DescriptionHash!));
        Assert.True(invoice.CommitsToDescription(
            "One piece of chocolate cake, one icecream cone, one pickle, one slice of swiss cheese, one slice of salami, one lollypop, one piece of cherry pie, one sausage, one cupcake, and one slice of watermelon"));
        Assert.False(invoice.CommitsToDescription("One piece of chocolate cake"));
        AssertSignature(invoice,
            "f67a5f696648fa4fb102e1a07b230e54722f8e024cee71e80b4847ac191da3fb2d2cdb28cc32344d7e9a9cf5c9b6a0ee0582ae46e9938b9c81e344a4dbb5289d", 1,
            "e2ffa444e2979edb639fbdaa384638683ba1a5240b14dd7a150e45a04eea261d");
    }

    [Fact]
    public void Testnet_invoice_decodes_its_p2pkh_fallback()
    {
        var invoice = Bolt11Invoice.Decode(TestnetP2pkhFallback);
        AssertCommon(invoice, Bolt11Network.Testnet, amountMsat: 2_000_000_000);
        AssertFallback(invoice, Bolt11Fallback.P2pkhVersion, "3172b5654f6683c8fb146959d347ce303cae4ca7");
        AssertSignature(invoice,
            "6ca95a74dc32e69ced6175b15a5cc56a92bf19f5dace0f134b7d94d464b9f5cf6090a18d48b243f289394d17bdf89466d8e6b37df5981f696bc3dd5986e1bee1", 1,
            "33bc6642a336097c74299cadfdfdd2e4884a555cf1b4fda72b095382d473d795");
    }

    [Fact]
    public void Mainnet_invoice_decodes_fallback_and_two_hop_route_hint()
    {
        var invoice = Bolt11Invoice.Decode(MainnetFallbackWithRouting);
        AssertCommon(invoice, Bolt11Network.Bitcoin, amountMsat: 2_000_000_000);
        AssertFallback(invoice, Bolt11Fallback.P2pkhVersion, "04b61f7dc1ea0dc99424464cc4064dc564d91e89");
        var route = Assert.Single(invoice.RouteHints);
        Assert.Equal(2, route.Count);
        AssertHop(route[0], "029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255", "66051x263430x1800", 1, 20, 3);
        AssertHop(route[1], "039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255", "197637x395016x2314", 2, 30, 4);
        AssertSignature(invoice,
            "6a6586db4e8f6d40e3a5bb92e4df5110c627e9ce493af237e20a046b4e86ea200178c59564ecf892f33a9558bf041b6ad2cb8292d7a6c351fbb7f2ae2d16b54e", 0,
            "b342d4655b984e53f405fe4d872fb9b7cf54ba538fcd170ed4a5906a9f535064");
    }

    [Fact]
    public void Mainnet_invoice_decodes_p2sh_fallback()
    {
        var invoice = Bolt11Invoice.Decode(MainnetP2shFallback);
        AssertCommon(invoice, Bolt11Network.Bitcoin, amountMsat: 2_000_000_000);
        AssertFallback(invoice, Bolt11Fallback.P2shVersion, "8f55563b9a19f321c211e9b9f38cdf686ea07845");
        AssertSignature(invoice,
            "16810439d1a9bfd5a65acc61340dc92448bb2d456a80b58ce012b73cb5202438020500c9ab7ef5573a4d174c811f669885ae27f895bb3a3be52c243589f87518", 1,
            "9e93321a775f7dffdca03e61d1ac6e0e356cc63cecd3835271200c1e5b499d29");
    }

    [Fact]
    public void Mainnet_invoice_decodes_p2wpkh_fallback()
    {
        var invoice = Bolt11Invoice.Decode(MainnetP2wpkhFallback);
        AssertFallback(invoice, 0, "751e76e8199196d454941c45d1b3a323f1433bd6");
        AssertSignature(invoice,
            "5a8bd7b97c1cc9055ee60cf2356621f8752248e037a953886a1782b44a58f5ff2d94e6bc89b7b514541a3603bb33722b6c08aa1a3639d34becc549a99fea6eae", 0,
            "44fbec32cdac99a1a3cd638ec507dad633a1e5bba514832fd3471e663a157f7b");
    }

    [Fact]
    public void Mainnet_invoice_decodes_p2wsh_fallback()
    {
        var invoice = Bolt11Invoice.Decode(MainnetP2wshFallback);
        AssertFallback(invoice, 0, "1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262");
        AssertSignature(invoice,
            "2b3ec248f80301a421817369194f012cdd8af8df1c279981420f9e901e20fa3309d791e11355e609b59ce4a220852a0cd55ab862b1785a83b206c90fa74d01c8", 1,
            "865a2cc6730e1eeeacd30e6da8e9ab0e9115828d27953ec0c0f985db05da5027");
    }

    [Fact]
    public void Mainnet_invoice_decodes_p2tr_fallback()
    {
        var invoice = Bolt11Invoice.Decode(MainnetP2trFallback);
        AssertFallback(invoice, 1, "0adac43daa9c8a5a68e09ea10692b82226ee190e572db9b90e17a410484ab405");
        AssertSignature(invoice,
            "269fa68a6051f26991ab50eb851494d1a4b9c616aeee892ff50a144af471554a3057b2fee45910e267c4ef6067da10016cf5519237b3ca1c1c2014cc1d6f69a6", 0,
            "116fdb0f18352c886deb263f6466eb40e5e6518b80231a1f9df86088bfa48043");
    }

    [Fact]
    public void Pico_bitcoin_amount_decodes_to_whole_millisatoshi_with_week_expiry_and_route()
    {
        var invoice = Bolt11Invoice.Decode(PicoAmount);
        Assert.Equal(967_878_534, invoice.AmountMsat);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1572468703), invoice.Timestamp);
        Assert.Equal("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f", invoice.PaymentHash.ToHex());
        Assert.Equal(PaymentSecretHex, invoice.PaymentSecret.ToHex());
        Assert.Equal(ListOfItems, invoice.Description);
        Assert.Equal(604_800, invoice.ExpirySeconds);
        Assert.Equal(10, invoice.MinFinalCltvExpiryDelta);
        var hop = Assert.Single(Assert.Single(invoice.RouteHints));
        AssertHop(hop, "03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7", "589390x3312x1", 1000, 2500, 40);
        Assert.Equal(PayeeNodeKeyHex, Convert.ToHexStringLower(invoice.PayeeNodeKey));
    }

    [Theory]
    [InlineData(CoffeeBeansWithFeatures)]
    [InlineData(CoffeeBeansUpperCase)]
    [InlineData(CoffeeBeansWithIgnoredFields)]
    public void Coffee_beans_decode_with_odd_unknown_feature_ignored(string text)
    {
        var invoice = Bolt11Invoice.Decode(text);
        AssertCommon(invoice, Bolt11Network.Bitcoin, amountMsat: 2_500_000_000);
        Assert.Equal("coffee beans", invoice.Description);
        Assert.Equal([8, 14, 99], invoice.Features.SetBits);
        Assert.Empty(invoice.Fallbacks);
        Assert.Equal(text.ToLowerInvariant(), invoice.Text);
    }

    [Fact]
    public void Fields_that_must_be_ignored_are_kept_raw_but_do_not_count()
    {
        var invoice = Bolt11Invoice.Decode(CoffeeBeansWithIgnoredFields);
        var letters = new string(invoice.TaggedFields.Select(f => f.Letter).ToArray());
        Assert.Equal("pds92fpphhssnn", letters);
        Assert.Equal(52, invoice.TaggedFields[0].Words.Length);
        Assert.Equal(51, invoice.TaggedFields[6].Words.Length);
    }

    [Fact]
    public void Payment_metadata_decodes()
    {
        var invoice = Bolt11Invoice.Decode(PaymentMetadata);
        AssertCommon(invoice, Bolt11Network.Bitcoin, amountMsat: 1_000_000_000);
        Assert.Equal("payment metadata inside", invoice.Description);
        Assert.Equal("01fafaf0", Convert.ToHexStringLower(invoice.Metadata!));
        Assert.Equal([8, 14, 48], invoice.Features.SetBits);
        Assert.True(invoice.Features.Supports(Bolt11Features.PaymentMetadata));
    }

    [Fact]
    public void High_s_signature_without_n_field_is_accepted_for_recovery()
    {
        var invoice = Bolt11Invoice.Decode(HighSRecovery);
        Assert.Equal(PaymentHashHex, invoice.PaymentHash.ToHex());
        Assert.Equal("Please consider supporting this project", invoice.Description);
        Assert.Equal(
            "8d3ce9e28357337f62da0162d9454df827f83cfe499aeb1c1db349d4d8112742a1bcb35d66d6bf93dc445e51753935cc32a3a411efd8a7c7bd85b25815a01b50",
            Convert.ToHexStringLower(invoice.Signature));
        Assert.Equal(1, invoice.RecoveryId);
        Assert.Equal("6daf4d488be41ce7cbb487cab1ef2975e5efcea879b20d421f0ef86b07cbb987", Convert.ToHexStringLower(invoice.SigningHash));
        // The example negates the donation's s but keeps its recovery id, so recovery yields another key
        // (the npm bolt11 decoder recovers the same one); what the spec asks is that high S is not refused.
        Assert.Equal("02d0139ce7427d6dfffd26a326c18be754ef1e64672b42694ba5b23ef6e6e7803d", Convert.ToHexStringLower(invoice.PayeeNodeKey));
    }

    [Fact]
    public void Lightning_uri_prefix_is_accepted()
    {
        var invoice = Bolt11Invoice.Decode("lightning:" + CupOfCoffee);
        Assert.Equal(CupOfCoffee, invoice.Text);
    }

    private static void AssertCommon(Bolt11Invoice invoice, Bolt11Network network, long? amountMsat)
    {
        Assert.Equal(network, invoice.Network);
        Assert.Equal(amountMsat, invoice.AmountMsat);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Timestamp), invoice.Timestamp);
        Assert.Equal(PaymentHashHex, invoice.PaymentHash.ToHex());
        Assert.Equal(PaymentSecretHex, invoice.PaymentSecret.ToHex());
        Assert.Equal(PayeeNodeKeyHex, Convert.ToHexStringLower(invoice.PayeeNodeKey));
    }

    private static void AssertSignature(Bolt11Invoice invoice, string compactHex, int recoveryId, string signingHashHex)
    {
        Assert.Equal(compactHex, Convert.ToHexStringLower(invoice.Signature));
        Assert.Equal(recoveryId, invoice.RecoveryId);
        Assert.Equal(signingHashHex, Convert.ToHexStringLower(invoice.SigningHash));
        Assert.Equal(PayeeNodeKeyHex, Convert.ToHexStringLower(invoice.PayeeNodeKey));
    }

    private static void AssertFallback(Bolt11Invoice invoice, int version, string programHex)
    {
        var fallback = Assert.Single(invoice.Fallbacks);
        Assert.Equal(version, fallback.Version);
        Assert.Equal(programHex, Convert.ToHexStringLower(fallback.Program));
    }

    private static void AssertHop(Bolt11RouteHop hop, string publicKeyHex, string shortChannelId, uint feeBase, uint feeProportional, ushort cltvDelta)
    {
        Assert.Equal(publicKeyHex, Convert.ToHexStringLower(hop.PublicKey));
        Assert.Equal(shortChannelId, hop.ShortChannelIdText);
        Assert.Equal(feeBase, hop.FeeBaseMsat);
        Assert.Equal(feeProportional, hop.FeeProportionalMillionths);
        Assert.Equal(cltvDelta, hop.CltvExpiryDelta);
    }
}
