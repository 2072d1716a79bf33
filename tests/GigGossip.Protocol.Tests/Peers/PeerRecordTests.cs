using GigGossip.Protocol.Peers;

namespace GigGossip.Protocol.Tests.Peers;

public class PeerRecordTests
{
    private const long Day = 24 * 3600 * 1000;

    [Fact]
    public void A_record_signed_by_its_node_is_valid()
    {
        var record = PeerKeys.Record("alice", "203.0.113.7:9735");
        Assert.Equal(PeerRecordVerdict.Valid, record.Check(PeerKeys.Now, Day, 60_000));
    }

    [Fact]
    public void A_peer_cannot_put_its_own_address_under_someone_elses_key()
    {
        var alice = PeerKeys.Record("alice", "203.0.113.7:9735");
        var hijacked = alice with { Address = "198.51.100.66:9735" };
        Assert.Equal(PeerRecordVerdict.BadSignature, hijacked.Check(PeerKeys.Now, Day, 60_000));
    }

    [Fact]
    public void A_record_signed_by_another_key_is_refused()
    {
        var mallory = PeerKeys.Record("mallory", "198.51.100.66:9735");
        var forged = mallory with { NodeKey = PeerKeys.Key("alice").PublicKey };
        Assert.Equal(PeerRecordVerdict.BadSignature, forged.Check(PeerKeys.Now, Day, 60_000));
    }

    [Fact]
    public void An_old_timestamp_cannot_be_moved_forward_to_look_fresh()
    {
        var old = PeerKeys.Record("alice", "203.0.113.7:9735", PeerKeys.Now - 2 * Day);
        Assert.Equal(PeerRecordVerdict.Stale, old.Check(PeerKeys.Now, Day, 60_000));
        Assert.Equal(PeerRecordVerdict.BadSignature, (old with { TimestampUnixMs = PeerKeys.Now }).Check(PeerKeys.Now, Day, 60_000));
    }

    [Fact]
    public void A_record_dated_in_the_future_is_refused()
    {
        var future = PeerKeys.Record("alice", "203.0.113.7:9735", PeerKeys.Now + 120_000);
        Assert.Equal(PeerRecordVerdict.FromTheFuture, future.Check(PeerKeys.Now, Day, 60_000));
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("203.0.113.7:0")]
    [InlineData("203.0.113.7:65536")]
    [InlineData("evil host:80")]
    [InlineData("a:b:80")]
    [InlineData(":80")]
    [InlineData("host:+80")]
    public void Malformed_addresses_are_refused(string address)
    {
        Assert.Throws<ArgumentException>(() => PeerKeys.Record("alice", address));
        var smuggled = PeerKeys.Record("alice", "203.0.113.7:9735") with { Address = address };
        Assert.Equal(PeerRecordVerdict.BadAddress, smuggled.Check(PeerKeys.Now, Day, 60_000));
    }

    [Fact]
    public void Bracketed_ipv6_and_names_are_well_formed()
    {
        Assert.True(PeerRecord.IsWellFormed("[2001:db8::1]:9735"));
        Assert.True(PeerRecord.IsWellFormed("node.example.com:9735"));
        Assert.False(PeerRecord.IsWellFormed(new string('a', PeerRecord.MaxAddressLength) + ":1"));
    }
}
