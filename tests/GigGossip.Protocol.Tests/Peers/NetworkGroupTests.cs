using GigGossip.Protocol.Peers;

namespace GigGossip.Protocol.Tests.Peers;

public class NetworkGroupTests
{
    [Theory]
    [InlineData("203.0.113.7:9735", "4:203.0")]
    [InlineData("203.0.200.1:1", "4:203.0")]
    [InlineData("[2001:db8:1:2::1]:9735", "6:20010db8")]
    [InlineData("[::ffff:198.51.100.4]:9735", "4:198.51")]
    [InlineData("127.0.0.1:4000", "local")]
    [InlineData("[::1]:4000", "local")]
    [InlineData("Node.Example.com:9735", "name:node.example.com")]
    public void Addresses_fall_in_their_operator_sized_group(string address, string group) =>
        Assert.Equal(group, NetworkGroup.Of(address));

    [Fact]
    public void Local_addresses_get_a_group_per_port_only_when_asked()
    {
        Assert.Equal(NetworkGroup.Of("127.0.0.1:4000"), NetworkGroup.Of("127.0.0.1:4001"));
        Assert.NotEqual(NetworkGroup.Of("127.0.0.1:4000", localByPort: true), NetworkGroup.Of("127.0.0.1:4001", localByPort: true));
    }

    [Fact]
    public void Neighbouring_slash_16s_are_different_groups() =>
        Assert.NotEqual(NetworkGroup.Of("203.0.113.7:1"), NetworkGroup.Of("203.1.113.7:1"));
}
