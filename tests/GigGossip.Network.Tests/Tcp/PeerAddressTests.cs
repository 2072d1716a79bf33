using GigGossip.Network.Tcp;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Tests.Tcp;

public sealed class PeerAddressTests
{
    private const string CompressedKey = "028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7";
    private const string OddKey = "034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa";

    [Fact]
    public void Parses_compressed_key_host_and_port()
    {
        var address = PeerAddress.Parse($"{CompressedKey}@127.0.0.1:9735");

        Assert.Equal(CompressedKey, Convert.ToHexStringLower(address.StaticKey));
        Assert.Equal("127.0.0.1", address.Host);
        Assert.Equal(9735, address.Port);
        Assert.Equal($"{CompressedKey}@127.0.0.1:9735", address.ToString());
    }

    [Fact]
    public void X_only_key_means_the_even_y_compressed_key()
    {
        var address = PeerAddress.Parse($"{CompressedKey[2..]}@node.example:1");

        Assert.Equal(CompressedKey, Convert.ToHexStringLower(address.StaticKey));
        Assert.Equal(PublicKey.FromHex(CompressedKey[2..]), address.NodeId);
    }

    [Fact]
    public void Odd_y_key_is_kept_as_given_and_names_the_same_node_id()
    {
        var address = PeerAddress.Parse($"{OddKey}@localhost:65535");

        Assert.Equal(0x03, address.StaticKey[0]);
        Assert.Equal(OddKey[2..], address.NodeId.ToHex());
        Assert.Equal(65535, address.Port);
    }

    [Fact]
    public void Parses_bracketed_ipv6_host_and_round_trips()
    {
        var address = PeerAddress.Parse($"{CompressedKey}@[::1]:9735");

        Assert.Equal("::1", address.Host);
        Assert.Equal(address, PeerAddress.Parse(address.ToString()));
    }

    [Fact]
    public void Address_for_one_of_our_keys_uses_02_prefix()
    {
        var key = SecretKey.Generate();
        var address = new PeerAddress(key.PublicKey, "127.0.0.1", 1000);

        Assert.Equal(key.CompressedPublicKey, address.StaticKey.ToArray());
        Assert.Equal(address, PeerAddress.Parse(address.ToString()));
    }

    [Theory]
    [InlineData("127.0.0.1:9735", "missing '@'")]
    [InlineData("zz8d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7@127.0.0.1:9735", "not hex")]
    [InlineData("028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f@127.0.0.1:9735", "65 hex digits")]
    [InlineData("048d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7@127.0.0.1:9735", "not a point")]
    [InlineData("eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34@127.0.0.1:9735", "not a point")]
    [InlineData(CompressedKey + "@127.0.0.1", "missing ':port'")]
    [InlineData(CompressedKey + "@:9735", "missing host")]
    [InlineData(CompressedKey + "@127.0.0.1:0", "not a port")]
    [InlineData(CompressedKey + "@127.0.0.1:65536", "not a port")]
    [InlineData(CompressedKey + "@127.0.0.1:-1", "not a port")]
    [InlineData(CompressedKey + "@127.0.0.1:port", "not a port")]
    [InlineData(CompressedKey + "@::1:9735", "brackets")]
    [InlineData(CompressedKey + "@[::1]9735", "[::1]:port")]
    [InlineData(CompressedKey + "@[example]:9735", "not an IPv6 address")]
    [InlineData(CompressedKey + "@bad host:9735", "not a host name")]
    public void Rejects_bad_addresses_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<InvalidPeerAddressException>(() => PeerAddress.Parse(text));

        Assert.IsAssignableFrom<FormatException>(error);
        Assert.Contains(reason, error.Message);
        Assert.Equal(text, error.Address);
        Assert.False(PeerAddress.TryParse(text, out _));
    }
}
