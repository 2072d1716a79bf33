using GigGossip.Protocol.Bolt11;
using static GigGossip.Protocol.Tests.Bolt11.Bolt11SpecInvoices;

namespace GigGossip.Protocol.Tests.Bolt11;

/// <summary>The encoder reproduces BOLT 11's examples byte for byte (RFC6979 signatures are deterministic).</summary>
public class Bolt11SpecEncodingTests
{
    private static readonly byte[] SpecKey = Convert.FromHexString(PrivateKeyHex);
    private static readonly PaymentHash Hash = PaymentHash.FromHex(PaymentHashHex);
    private static readonly PaymentSecret Secret = PaymentSecret.FromHex(PaymentSecretHex);
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    private static readonly Bolt11TaggedField Features8And14 = Bolt11Fields.Features(Bolt11Features.Of(8, 14));

    [Fact]
    public void Encoder_reproduces_the_donation_example()
    {
        var text = Bolt11Encoder.Encode(Bolt11Network.Bitcoin, null, At,
            [Bolt11Fields.PaymentSecret(Secret), Bolt11Fields.PaymentHash(Hash), Bolt11Fields.Description("Please consider supporting this project"), Features8And14],
            SpecKey);
        Assert.Equal(Donation, text);
    }

    [Fact]
    public void Encoder_reproduces_the_cup_of_nonsense_example()
    {
        var text = Bolt11Encoder.Encode(Bolt11Network.Bitcoin, 250_000_000, At,
            [Bolt11Fields.PaymentSecret(Secret), Bolt11Fields.PaymentHash(Hash), Bolt11Fields.Description("ナンセンス 1杯"), Bolt11Fields.Expiry(60), Features8And14],
            SpecKey);
        Assert.Equal(CupOfNonsense, text);
    }

    [Fact]
    public void Encoder_reproduces_the_testnet_fallback_example()
    {
        var text = Bolt11Encoder.Encode(Bolt11Network.Testnet, 2_000_000_000, At,
            [
                Bolt11Fields.PaymentSecret(Secret), Bolt11Fields.DescriptionHash(Convert.FromHexString(ListOfThingsHashHex)), Bolt11Fields.PaymentHash(Hash),
                Bolt11Fields.Fallback(Bolt11Fallback.P2pkhVersion, Convert.FromHexString("3172b5654f6683c8fb146959d347ce303cae4ca7")), Features8And14,
            ],
            SpecKey);
        Assert.Equal(TestnetP2pkhFallback, text);
    }

    [Fact]
    public void Encoder_reproduces_the_route_hint_example()
    {
        Bolt11RouteHop[] hops =
        [
            new(Convert.FromHexString("029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"), (66051UL << 40) | (263430UL << 16) | 1800, 1, 20, 3),
            new(Convert.FromHexString("039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"), (197637UL << 40) | (395016UL << 16) | 2314, 2, 30, 4),
        ];
        var text = Bolt11Encoder.Encode(Bolt11Network.Bitcoin, 2_000_000_000, At,
            [
                Bolt11Fields.PaymentSecret(Secret), Bolt11Fields.PaymentHash(Hash), Bolt11Fields.DescriptionHash(Convert.FromHexString(ListOfThingsHashHex)),
                Bolt11Fields.Fallback(Bolt11Fallback.P2pkhVersion, Convert.FromHexString("04b61f7dc1ea0dc99424464cc4064dc564d91e89")),
                Bolt11Fields.RouteHint(hops), Features8And14,
            ],
            SpecKey);
        Assert.Equal(MainnetFallbackWithRouting, text);
    }

    [Fact]
    public void Encoder_reproduces_the_pico_amount_example()
    {
        const string description =
            "Blockstream Store: 88.85 USD for Blockstream Ledger Nano S x 1, \"Back In My Day\" Sticker x 2, \"I Got Lightning Working\" Sticker x 2 and 1 more items";
        Bolt11RouteHop hop = new(Convert.FromHexString("03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7"), (589390UL << 40) | (3312UL << 16) | 1, 1000, 2500, 40);
        var text = Bolt11Encoder.Encode(Bolt11Network.Bitcoin, 967_878_534, DateTimeOffset.FromUnixTimeSeconds(1572468703),
            [
                Bolt11Fields.PaymentHash(PaymentHash.FromHex("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f")),
                Bolt11Fields.Description(description), Bolt11Fields.PaymentSecret(Secret), Bolt11Fields.Expiry(604_800),
                Bolt11Fields.MinFinalCltvExpiry(10), Bolt11Fields.RouteHint([hop]), Features8And14,
            ],
            SpecKey);
        Assert.Equal(PicoAmount, text);
    }

    [Fact]
    public void Encoder_reproduces_the_metadata_example_with_features_8_14_48()
    {
        var text = Bolt11Encoder.Encode(Bolt11Network.Bitcoin, 1_000_000_000, At,
            [
                Bolt11Fields.PaymentHash(Hash), Bolt11Fields.Description("payment metadata inside"), Bolt11Fields.Metadata(Convert.FromHexString("01fafaf0")),
                Bolt11Fields.PaymentSecret(Secret), Bolt11Fields.Features(Bolt11Features.Of(8, 14, 48)),
            ],
            SpecKey);
        Assert.Equal(PaymentMetadata, text);
    }

    [Fact]
    public void Encoder_reproduces_the_coffee_beans_example_with_odd_feature_99()
    {
        var text = Bolt11Encoder.Encode(Bolt11Network.Bitcoin, 2_500_000_000, At,
            [Bolt11Fields.PaymentHash(Hash), Bolt11Fields.Description("coffee beans"), Bolt11Fields.PaymentSecret(Secret), Bolt11Fields.Features(Bolt11Features.Of(8, 14, 99))],
            SpecKey);
        Assert.Equal(CoffeeBeansWithFeatures, text);
    }
}
