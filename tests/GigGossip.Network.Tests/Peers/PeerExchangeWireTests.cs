using GigGossip.Network.Peers;
using GigGossip.Network.Noise;
using GigGossip.Network.Tests.Tcp;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Network.Tests.Peers;

/// <summary>Peer exchange on the wire (issue #17): a request for addresses and a list of signed records, each its own BOLT 8 message type.</summary>
public sealed class PeerExchangeWireTests
{
    private static readonly PeerConnectionOptions NoKeepalive = new() { PingInterval = Timeout.InfiniteTimeSpan };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_and_signed_records_cross_the_wire_and_decode_to_the_same_records()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive);
        await using var server = PeerConnection.Start(pair.Server, NoKeepalive);
        var records = Enumerable.Range(0, 3).Select(i => PeerRecord.Sign(SecretKey.Generate(), $"10.{i}.0.1:9735", 1_790_000_000_000 + i)).ToList();

        await client.RequestRecordsAsync(Ct).Within();
        var request = await server.Exchange.ReadAsync(Ct).AsTask().Within();
        Assert.True(request.IsRequest);
        await server.SendRecordsAsync(PeerRecordsCodec.Encode(records), Ct).Within();
        var answer = await client.Exchange.ReadAsync(Ct).AsTask().Within();

        Assert.Equal(PeerMessageType.PeerRecords, answer.Type);
        var (decoded, malformed) = PeerRecordsCodec.Decode(answer.Body);
        Assert.Equal(0, malformed);
        Assert.Equal(records.Select(r => (r.NodeKey, r.Address, r.TimestampUnixMs)), decoded.Select(r => (r.NodeKey, r.Address, r.TimestampUnixMs)));
        Assert.All(decoded, r => Assert.Equal(PeerRecordVerdict.Valid, r.Check(1_790_000_000_000, 60_000, 60_000)));
        Assert.False(client.IsClosed || server.IsClosed);
    }

    [Fact]
    public async Task A_forged_or_misshapen_record_decodes_as_malformed_or_fails_its_check()
    {
        var good = PeerRecord.Sign(SecretKey.Generate(), "10.0.0.1:9735", 1_000);
        var forged = good with { Address = "10.0.0.2:9735" }; // someone else's key at the forger's address
        var (decoded, malformed) = PeerRecordsCodec.Decode(PeerRecordsCodec.Encode([good, forged, good with { Signature = new byte[10] }]));
        Assert.Equal(1, malformed);
        Assert.Equal([PeerRecordVerdict.Valid, PeerRecordVerdict.BadSignature], decoded.Select(r => r.Check(1_000, 60_000, 0)));
        Assert.Equal(1, PeerRecordsCodec.Decode(new byte[] { 0xff, 0xff, 0xff }).Malformed);
    }

    [Theory]
    [InlineData(new byte[] { 0x03, 1 })] // a request with a body
    public async Task Malformed_exchange_message_drops_the_peer_with_a_reason(byte[] message)
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive);

        await pair.Server.SendAsync(message, Ct).Within();

        var reason = await client.Closed.Within();
        Assert.Equal(TransportFailure.ProtocolViolation, reason.Failure);
        Assert.Contains("request for peer records", reason.Message);
    }

    [Fact]
    public async Task Records_over_the_size_limit_drop_the_peer()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive);
        var message = new byte[PeerConnectionOptions.MaxPeerRecordsLength + 2];
        message[0] = (byte)PeerMessageType.PeerRecords;

        await pair.Server.SendAsync(message, Ct).Within();

        var reason = await client.Closed.Within();
        Assert.Equal(TransportFailure.ProtocolViolation, reason.Failure);
        Assert.Contains("the limit is", reason.Message);
        await Assert.ThrowsAsync<ArgumentException>(async () => await client.SendRecordsAsync(new byte[PeerConnectionOptions.MaxPeerRecordsLength + 1], Ct));
    }

    [Fact]
    public async Task A_flood_of_exchange_messages_is_dropped_past_the_queue_not_kept_in_memory()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive with { ExchangeQueueCapacity = 4 });
        await using var server = PeerConnection.Start(pair.Server, NoKeepalive);

        for (var i = 0; i < 100; i++) await server.RequestRecordsAsync(Ct).Within();
        await server.SendAsync(new byte[] { 7 }, Ct).Within();
        Assert.Equal(new byte[] { 7 }, await client.Frames.ReadAsync(Ct).AsTask().Within()); // everything before it was read

        var queued = 0;
        while (client.Exchange.TryRead(out _)) queued++;
        Assert.Equal(4, queued);
        Assert.False(client.IsClosed);
    }
}
