using System.Net;
using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Hosting;

/// <summary>Peers: the listener, outbound peers kept connected, and one session per connection that decodes frames.</summary>
public sealed partial class NodeHost
{
    /// <summary>Dials <paramref name="address"/> and keeps it connected (redialling with backoff) until the node stops.</summary>
    public void Connect(PeerAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var outbound = new OutboundPeer(address, _options.Identity.Key, _options.Reconnect, _options.PeerConnection, _options.Noise);
        outbound.RetryScheduled += OnRetryScheduled;
        AddLoop(async () =>
        {
            try
            {
                await outbound.RunAsync((peer, token) => RunSessionAsync(peer, inbound: false, HostPort(address), token), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        });
    }

    private void StartListening()
    {
        try
        {
            _listener = NoiseListener.Start(_options.Identity.Key, _options.ListenEndPoint, _options.Noise);
        }
        catch (TransportException e)
        {
            throw new NodeStartException(e.Message, e);
        }
        _listener.HandshakeFailed += OnInboundHandshakeFailed;
        AddLoop(AcceptPeersAsync);
    }

    private async Task AcceptPeersAsync()
    {
        var sessions = new List<Task>();
        while (true)
        {
            NoiseConnection connection;
            try
            {
                connection = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or TransportException)
            {
                if (!_stop.IsCancellationRequested) _log.LogError("node {Id}: the listener failed: {Message}", Id, e.Message);
                break;
            }
            var peer = PeerConnection.Start(connection, _options.PeerConnection);
            sessions.RemoveAll(s => s.IsCompleted);
            sessions.Add(Task.Run(async () =>
            {
                await using (peer.ConfigureAwait(false)) await RunSessionAsync(peer, inbound: true, connection.RemoteEndPoint?.ToString() ?? "unknown:0", _stop.Token).ConfigureAwait(false);
            }));
        }
        await Quietly(sessions).ConfigureAwait(false);
    }

    /// <summary>
    /// One connection's life: its frames go to the engine in order, a few decoded ahead (see <see cref="ReadFramesAsync"/>;
    /// a flooding peer is slowed by TCP, not queued in memory). A peer that keeps sending
    /// frames that do not decode, or that the engine asks to drop (<see cref="DropPeer"/>: too many frames refused through its own fault),
    /// or that breaks the wire protocol, is dropped with a <see cref="PeerDropped"/> saying why.
    /// </summary>
    /// <param name="address">Where the peer is: the address dialled, or the remote end point of an inbound connection (its network group is what discovery counts).</param>
    private async Task RunSessionAsync(PeerConnection peer, bool inbound, string address, CancellationToken cancellationToken)
    {
        var key = peer.RemoteNodeId;
        if (key.Equals(Id))
        {
            _log.LogWarning("node {Id}: refused a connection to itself", Id);
            return;
        }
        if (_dropped.Refusal(key) is { } refusal)
        {
            _mailbox.Writer.TryWrite(() => Emit(new PeerDropped(key, refusal)));
            return;
        }
        if (inbound && !await AcceptsInboundAsync(key, cancellationToken).ConfigureAwait(false))
        {
            _mailbox.Writer.TryWrite(() => Emit(new PeerDropped(key, "refused: its score is below the graylist threshold, or it was evicted or pruned lately")));
            return;
        }
        if (_peers.Add(peer)) _mailbox.Writer.TryWrite(() => OnPeerUp(key, inbound, address));
        var reason = "the node stopped";
        using var exchangeStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var exchange = _options.Discovery is null ? Task.CompletedTask : Task.Run(() => ReadExchangeAsync(peer, key, exchangeStop.Token), CancellationToken.None);
        try
        {
            var (why, dropped) = await ReadFramesAsync(peer, key, cancellationToken).ConfigureAwait(false);
            reason = why;
            if (dropped)
            {
                _dropped.Add(key, why);
                _mailbox.Writer.TryWrite(() => Emit(new PeerDropped(key, why)));
            }
        }
        catch (Exception e) when (e is ObjectDisposedException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
        }
        finally
        {
            if (_closing.TryRemove(key, out var closedBecause)) reason = closedBecause;
            if (_peers.Remove(peer)) _mailbox.Writer.TryWrite(() => OnPeerDown(key, reason));
            await exchangeStop.CancelAsync().ConfigureAwait(false);
            await exchange.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads until the connection ends or the peer has to be dropped; returns why, and whether it was the peer's fault.
    /// Up to <see cref="NodeHostOptions.FramesInFlightPerPeer"/> decoded frames wait for the engine, so decoding the next
    /// overlaps handling the last; the engine's refusals are counted on the mailbox, in order, and the frames after the one
    /// that drops the peer are not handled.
    /// </summary>
    private async Task<(string Reason, bool Dropped)> ReadFramesAsync(PeerConnection peer, PublicKey key, CancellationToken cancellationToken)
    {
        var badFrames = 0;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new PeerFrameWindow(Math.Max(1, _options.FramesInFlightPerPeer), reading);
        try
        {
            await foreach (var bytes in peer.Frames.ReadAllAsync(reading.Token).ConfigureAwait(false))
            {
                DecodedFrame frame;
                try
                {
                    frame = FrameCodec.DecodeFrame(bytes);
                }
                catch (FrameFormatException e)
                {
                    badFrames++;
                    var drop = badFrames >= _options.MaxBadFrames;
                    var misbehaved = new PeerMisbehaved(key, badFrames, drop, e.Message);
                    _mailbox.Writer.TryWrite(() => Emit(misbehaved));
                    if (drop) return ($"dropped after {badFrames} frames that do not decode", true);
                    continue;
                }
                if (frame.Frame.KindCase == Frame.KindOneofCase.FundingNotice)
                {
                    await OnFundingNoticeAsync(key, frame.Frame.FundingNotice, reading.Token).ConfigureAwait(false);
                    continue;
                }
                await window.Slots.WaitAsync(reading.Token).ConfigureAwait(false);
                if (!_mailbox.Writer.TryWrite(() => HandlePeerFrame(key, frame, window)))
                    throw new ObjectDisposedException(nameof(NodeHost), "the node has stopped");
            }
        }
        catch (OperationCanceledException) when (window.DropReason is not null && !cancellationToken.IsCancellationRequested)
        {
        }
        if (window.DropReason is { } why) return (why, true);
        if (!peer.IsClosed) return ("the connection closed", false);
        var failure = await peer.Closed.ConfigureAwait(false);
        return (failure.Message, PeerViolations.IsMisbehaviour(failure.Failure));
    }

    /// <summary>One decoded frame on the node's loop: the engine handles it; a reply it took teaches the funding-notice routes; a <see cref="DropPeer"/> ends the session.</summary>
    private void HandlePeerFrame(PublicKey key, DecodedFrame frame, PeerFrameWindow window)
    {
        try
        {
            if (window.DropReason is not null) return;
            var isReply = frame.Frame.KindCase == Frame.KindOneofCase.Reply;
            var learnt = isReply && _downstreamCltv.Learn(frame.Frame.Reply.NetworkInvoice);
            var effects = Handle(new FrameReceived(key, frame));
            var turnedDown = effects.Any(e => e is EmitEvent { Event: FrameRejected });
            if (isReply && !turnedDown) _noticeRoutes.Learn(key, frame.Frame.Reply);
            if (learnt && turnedDown) _downstreamCltv.Forget(frame.Frame.Reply.NetworkInvoice);
            foreach (var effect in effects)
            {
                if (effect is DropPeer drop && drop.Peer.Equals(key))
                {
                    window.Drop(drop.Reason);
                    return;
                }
            }
        }
        finally
        {
            window.Slots.Release();
        }
    }

    private void OnPeerUp(PublicKey key, bool inbound, string address)
    {
        Emit(new PeerUp(key, inbound));
        DiscoveryPeerUp(key, inbound, address);
        Handle(new PeerConnected(key));
    }

    private void OnPeerDown(PublicKey key, string reason)
    {
        if (_peers.Current(key) is not null) return;
        Handle(new PeerDisconnected(key));
        DiscoveryPeerDown(key);
        Emit(new PeerDown(key, reason));
    }

    private void Send(SendFrame send)
    {
        var (to, frame) = (send.To, send.Frame);
        if (_peers.Current(to) is not { } peer)
        {
            _log.LogDebug("node {Id}: no connection to {Peer}; a {Kind} frame is dropped", Id, to, frame.KindCase);
            return;
        }
        byte[] bytes;
        try
        {
            bytes = send.Encode();
        }
        catch (FrameFormatException e)
        {
            _log.LogError("node {Id}: the engine built a {Kind} frame that does not encode: {Message}", Id, frame.KindCase, e.Message);
            return;
        }
        var sending = peer.SendAsync(bytes, _stop.Token);
        if (!sending.IsCompletedSuccessfully) _ = AwaitSendAsync(sending, to);
    }

    private async Task AwaitSendAsync(ValueTask sending, PublicKey to)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException)
        {
            _log.LogInformation("node {Id}: a frame to {Peer} was not sent: {Message}", Id, to, e.Message);
        }
    }

    private void OnRetryScheduled(PeerRetry retry)
    {
        var wrongKey = retry.Reason is HandshakeException { Failure: not (HandshakeFailure.Timeout or HandshakeFailure.IoError) };
        var reason = wrongKey
            ? $"the node at {retry.Address.Host}:{retry.Address.Port} did not prove key {retry.Address.NodeId} ({retry.Reason.Message}); wrong key in the address, or not a gig-gossip node"
            : retry.Reason.Message;
        var refused = new PeerRedialling(retry.Address, $"{reason}; dialling again in {retry.Delay.TotalSeconds:0.#} s", wrongKey);
        _mailbox.Writer.TryWrite(() => Emit(refused));
    }

    private void OnInboundHandshakeFailed(EndPoint? remote, HandshakeException failure)
    {
        var hint = failure.Failure is HandshakeFailure.BadTag ? " (the peer may have dialled another key)" : "";
        var failed = new InboundHandshakeFailed(remote?.ToString() ?? "unknown", failure.Message + hint);
        _mailbox.Writer.TryWrite(() => Emit(failed));
    }
}
