using CsCheck;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;
using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Fuzz.Tests;

/// <summary>BOLT 8, peer addresses and the Bitcoin decoders either decode or throw their one exception.</summary>
public class NetworkAndBitcoinFuzzTests
{
    private static readonly SecretKey Alice = SecretKey.FromBytes(System.Security.Cryptography.SHA256.HashData("alice"u8));
    private static readonly SecretKey Bob = SecretKey.FromBytes(System.Security.Cryptography.SHA256.HashData("bob"u8));

    [Fact]
    public void Handshake_acts_only_throw_handshake_exceptions()
    {
        var actOne = NoiseHandshake.Initiator(Alice, Bob.CompressedPublicKey).WriteActOne();
        Mutations.Of(actOne).Sample(bytes => Mutations.OnlyThrows<HandshakeException>(() => NoiseHandshake.Responder(Bob).ReadActOne(bytes)), iter: Mutations.Iterations);
        var initiator = NoiseHandshake.Initiator(Alice, Bob.CompressedPublicKey);
        var responder = NoiseHandshake.Responder(Bob);
        responder.ReadActOne(initiator.WriteActOne());
        var actTwo = responder.WriteActTwo();
        Mutations.Of(actTwo).Sample(bytes =>
        {
            var fresh = NoiseHandshake.Initiator(Alice, Bob.CompressedPublicKey);
            var freshResponder = NoiseHandshake.Responder(Bob);
            freshResponder.ReadActOne(fresh.WriteActOne());
            Mutations.OnlyThrows<HandshakeException>(() => fresh.ReadActTwo(bytes));
        }, iter: 300);
    }

    [Fact]
    public void Transport_refuses_forged_headers_with_a_transport_exception()
    {
        var initiator = NoiseHandshake.Initiator(Alice, Bob.CompressedPublicKey);
        var responder = NoiseHandshake.Responder(Bob);
        responder.ReadActOne(initiator.WriteActOne());
        initiator.ReadActTwo(responder.WriteActTwo());
        responder.ReadActThree(initiator.WriteActThree());
        var header = initiator.Transport.Encrypt([1, 2, 3])[..NoiseProtocol.EncryptedHeaderLength];
        for (var bit = 0; bit < header.Length * 8; bit++)
        {
            var flipped = (byte[])header.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<TransportException>(() => responder.Transport.DecryptHeader(flipped));
        }
        Gen.Byte.Array[NoiseProtocol.EncryptedHeaderLength].Sample(bytes =>
            Assert.Throws<TransportException>(() => responder.Transport.DecryptHeader(bytes)), iter: 1_500, threads: 1);
    }

    [Fact]
    public void Peer_address_parser_only_throws_its_exception()
    {
        var valid = $"{Convert.ToHexStringLower(Bob.CompressedPublicKey)}@127.0.0.1:9735";
        Assert.Equal(9735, PeerAddress.Parse(valid).Port);
        Mutations.OfText(valid).Sample(text => Mutations.OnlyThrows<InvalidPeerAddressException>(() => PeerAddress.Parse(text)), iter: Mutations.Iterations);
    }

    [Fact]
    public void Bitcoin_decoders_only_throw_their_exceptions()
    {
        var contract = new HtlcContract(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray(), Alice.CompressedPublicKey, Bob.CompressedPublicKey, 800_000);
        var funding = NBitcoin.Network.Main.CreateTransaction();
        funding.Version = 2;
        funding.Inputs.Add(new NBitcoin.TxIn(new NBitcoin.OutPoint(NBitcoin.uint256.Zero, 0)) { WitScript = new NBitcoin.WitScript([[0x01]]) });
        funding.Outputs.Add(NBitcoin.Money.Satoshis(50_000), new NBitcoin.Script(contract.ScriptPubKey));
        var address = contract.Address(BitcoinNetwork.Regtest);
        Mutations.Of(Convert.FromHexString(funding.ToHex())).Sample(bytes =>
            Mutations.OnlyThrows<BitcoinFormatException>(() => TransactionHex.Parse(bytes)), iter: Mutations.Iterations);
        Mutations.OfText(address.ToString()).Sample(text =>
            Mutations.OnlyThrows<BitcoinFormatException>(() => SegwitAddress.Parse(text, BitcoinNetwork.Regtest)), iter: Mutations.Iterations);
        Mutations.Of(contract.WitnessScript).Sample(bytes =>
            Mutations.OnlyThrows<HtlcException, BitcoinFormatException>(() => HtlcContract.FromWitnessScript(bytes)), iter: Mutations.Iterations);
    }
}
