using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using System.Net;
using System.Security.Cryptography;
using GigGossip.Network.Noise;
using GigGossip.Node.Peering;
using GigGossip.Node.State;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Hosting;

/// <summary>
/// Peer discovery (issue #17): a <see cref="PeerManager"/> on the mailbox thread, ticked on the host's clock, whose
/// effects the host carries out: dials (one attempt each; the manager chooses again), disconnects, and peer exchange
/// over <see cref="PeerMessageType.PeerRecordsRequest"/> / <see cref="PeerMessageType.PeerRecords"/>. The configured
/// peers keep their own redialling loops; the manager counts them but neither dials nor prunes them. The book, the
/// scores and the anchors are saved in the state file every <see cref="PeerDiscoveryOptions.SaveInterval"/> and at stop.
/// </summary>
public sealed partial class NodeHost
{
    /// <summary>Record lists a peer may send beyond those asked for: the one with its own record as it connects.</summary>
    private const int UnaskedRecordLists = 1;

    private PeerManager? _manager;
    private PeerDiscoveryOptions? _discovery;
    private ITimer? _peerTick;
    private long _lastPeerSave;
    private readonly Dictionary<PublicKey, int> _recordAllowance = [];
    private readonly HashSet<PublicKey> _configured = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<PublicKey, string> _closing = new();

    /// <summary>The node's address book, scores and connections as discovery sees them, or null when discovery is off (read it on the loop: <see cref="QueryPeersAsync"/>).</summary>
    internal PeerManager? Discovery => _manager;

    /// <summary>Reads discovery's state on the mailbox thread (null when discovery is off).</summary>
    public Task<T> QueryPeersAsync<T>(Func<PeerManager?, long, T> query, CancellationToken cancellationToken = default) =>
        OnLoopAsync(() => query(_manager, NowMs), cancellationToken);

    /// <summary>Whether the peer is one of the configured <c>peers</c> (dialled and kept by their own loops).</summary>
    public bool IsConfiguredPeer(PublicKey peer) => _configured.Contains(peer);

    private void StartDiscovery(SavedPeers saved)
    {
        foreach (var peer in _options.Peers) _configured.Add(peer.NodeId);
        if (_options.Discovery is not { } discovery) return;
        _discovery = discovery;
        var book = new AddressBook(RandomNumberGenerator.GetBytes(32), discovery.Book, Id);
        var scores = _engine.Scores ?? new PeerScoreBook(new PeerScoreParams());
        var random = _options.RandomSeed is { } seed ? new Random(seed + 1) : new Random();
        _manager = new PeerManager(_options.Identity.Key, AdvertisedAddress(discovery), book, scores, discovery.Manager, random);
        foreach (var a in saved.Addresses)
        {
            if (!PeerRecord.IsWellFormed(a.Address)) continue;
            book.Restore(AddressEntry.Saved(a.Record, book.GroupOf(a.Address), a.SourceGroup, a.Tried, a.FailedAttempts, a.LastAttemptUnixMs, a.LastSuccessUnixMs));
        }
        scores.Import(saved.Scores);
        _manager.RestoreAnchors(saved.Anchors.Where(a => PeerRecord.IsWellFormed(a.Address)).Select(a => (a.Node, a.Address)));
        if (book.Count == 0)
            foreach (var b in discovery.Bootstrap) _manager.AddBootstrap(b.NodeId, HostPort(b));
        _lastPeerSave = NowMs;
        _mailbox.Writer.TryWrite(TickPeers);
        var interval = TimeSpan.FromMilliseconds(discovery.Manager.TickIntervalMs);
        _peerTick = _time.CreateTimer(_ => _mailbox.Writer.TryWrite(TickPeers), null, interval, interval);
        _log.LogInformation("node {Id}: discovery on: {Addresses} addresses, {Anchors} anchors, {Bootstrap} bootstrap addresses",
            Id, book.Count, saved.Anchors.Count, book.Count == 0 ? discovery.Bootstrap.Count : 0);
    }

    private string? AdvertisedAddress(PeerDiscoveryOptions discovery)
    {
        if (discovery.AdvertisedAddress is { } advertised) return advertised;
        var listen = _listener!.LocalEndPoint;
        if (listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any)) return null;
        return listen.ToString();
    }

    private static string HostPort(PeerAddress a) => a.Host.Contains(':') ? $"[{a.Host}]:{a.Port}" : $"{a.Host}:{a.Port}";

    private void TickPeers()
    {
        if (_manager is null || _stop.IsCancellationRequested) return;
        Apply(_manager.Tick(NowMs));
        if (NowMs - _lastPeerSave >= _discovery!.SaveInterval.TotalMilliseconds) SavePeers();
    }

    /// <summary>Writes the book, scores and anchors (on the mailbox thread, while the connections are still up so anchors are known).</summary>
    private void SavePeers()
    {
        if (_manager is null) return;
        var now = NowMs;
        _lastPeerSave = now;
        var anchors = _manager.Anchors(now).Select((a, i) => new SavedAnchor(a.Node, a.Address, i)).ToList();
        var saved = new SavedPeers(_manager.Book.Entries.Select(SavedAddress.Of).ToList(), _manager.Scores.Export(now), anchors);
        try
        {
            _store.SavePeers(saved);
        }
        catch (SqliteException e)
        {
            _log.LogError(e, "node {Id}: the address book and peer scores could not be saved", Id);
        }
    }

    private void Apply(IReadOnlyList<PeerManagerEffect> effects)
    {
        foreach (var effect in effects)
        {
            _options.PeerEffectObserver?.Invoke(effect);
            switch (effect)
            {
                case PeerManagerEffect.Dial dial: Dial(dial); break;
                case PeerManagerEffect.Disconnect disconnect: Disconnect(disconnect); break;
                case PeerManagerEffect.SendRecords send: SendRecords(send); break;
                case PeerManagerEffect.RequestRecords request: RequestRecords(request.Peer); break;
            }
        }
    }

    private void Dial(PeerManagerEffect.Dial dial)
    {
        if (_configured.Contains(dial.Node))
        {
            _manager!.DialFailed(dial.Node, NowMs); // its own loop keeps it connected
            return;
        }
        PeerAddress address;
        try
        {
            address = ToPeerAddress(dial.Node, dial.Address);
        }
        catch (ArgumentException e)
        {
            DialFailed(dial.Node, dial.Address, e.Message);
            return;
        }
        AddLoop(async () =>
        {
            NoiseConnection connection;
            try
            {
                connection = await NoiseConnection.ConnectAsync(address, _options.Identity.Key, _options.Noise, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TransportException or HandshakeException)
            {
                _mailbox.Writer.TryWrite(() => DialFailed(dial.Node, dial.Address, e.Message));
                return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            var peer = PeerConnection.Start(connection, _options.PeerConnection);
            await using (peer.ConfigureAwait(false)) await RunSessionAsync(peer, inbound: false, dial.Address, _stop.Token).ConfigureAwait(false);
        });
    }

    private void DialFailed(PublicKey node, string address, string reason)
    {
        _manager?.DialFailed(node, NowMs);
        Emit(new PeerDialFailed(node, address, reason));
    }

    /// <summary>A <c>host:port</c> of a record (IPv6 in brackets) as an address to dial the node at.</summary>
    private static PeerAddress ToPeerAddress(PublicKey node, string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var port))
            throw new ArgumentException($"'{hostPort}' is not host:port");
        var host = hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        return new PeerAddress(node, host, port);
    }

    private void Disconnect(PeerManagerEffect.Disconnect disconnect)
    {
        if (_configured.Contains(disconnect.Peer))
        {
            _log.LogInformation("node {Id}: kept configured peer {Peer} ({Reason})", Id, disconnect.Peer, disconnect.Reason);
            return;
        }
        var connections = _peers.All(disconnect.Peer);
        if (connections.Count == 0) return;
        _closing[disconnect.Peer] = disconnect.Reason;
        foreach (var connection in connections) _ = connection.DisposeAsync().AsTask();
    }

    private void SendRecords(PeerManagerEffect.SendRecords send)
    {
        if (_peers.Current(send.Peer) is not { } peer || send.Records.Count == 0) return;
        var sending = peer.SendRecordsAsync(PeerRecordsCodec.Encode(send.Records), _stop.Token);
        if (!sending.IsCompletedSuccessfully) _ = AwaitSendAsync(sending, send.Peer);
    }

    private void RequestRecords(PublicKey to)
    {
        if (_peers.Current(to) is not { } peer) return;
        _recordAllowance[to] = Math.Min(_recordAllowance.GetValueOrDefault(to) + 1, UnaskedRecordLists + 2);
        var sending = peer.RequestRecordsAsync(_stop.Token);
        if (!sending.IsCompletedSuccessfully) _ = AwaitSendAsync(sending, to);
    }

    /// <summary>Reads a connection's peer-exchange messages onto the mailbox until the connection closes.</summary>
    private async Task ReadExchangeAsync(PeerConnection peer, PublicKey key, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in peer.Exchange.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                _mailbox.Writer.TryWrite(() => OnExchange(key, message));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// A request is answered as the manager says (at most once a minute). A list of records is read only when asked for
    /// (or the first on a connection, the peer's own record), so a peer flooding lists makes the node verify at most one
    /// per request; the book's buckets then keep one operator's addresses to a few buckets however many it signs.
    /// </summary>
    private void OnExchange(PublicKey from, PeerExchangeMessage message)
    {
        if (_manager is null || !_manager.Connected.ContainsKey(from)) return;
        var now = NowMs;
        if (message.IsRequest)
        {
            Apply(_manager.RecordsRequested(from, now));
            return;
        }
        var allowance = _recordAllowance.GetValueOrDefault(from);
        if (allowance <= 0)
        {
            _log.LogDebug("node {Id}: ignored peer records {Peer} sent unasked", Id, from);
            return;
        }
        _recordAllowance[from] = allowance - 1;
        var (records, malformed) = PeerRecordsCodec.Decode(message.Body);
        if (malformed > 0) _manager.Scores.Record(from, PeerActivity.InvalidFrame, now, malformed);
        var before = _manager.Book.Entries.ToDictionary(e => e.Record.NodeKey, e => e.Record.TimestampUnixMs);
        _manager.RecordsReceived(from, records, now);
        var added = _manager.Book.Entries.Count(e => !before.TryGetValue(e.Record.NodeKey, out var at) || at != e.Record.TimestampUnixMs);
        var refused = malformed + records.Count(r => !r.NodeKey.Equals(Id) && (_manager.Book.Find(r.NodeKey) is not { } kept || kept.Record.TimestampUnixMs < r.TimestampUnixMs));
        Emit(new PeerRecordsReceived(from, records.Count + malformed, added, refused));
    }

    private void DiscoveryPeerUp(PublicKey key, bool inbound, string address)
    {
        if (_manager is null) return;
        _recordAllowance[key] = UnaskedRecordLists;
        Apply(_manager.PeerUp(key, address, inbound, NowMs));
    }

    private void DiscoveryPeerDown(PublicKey key)
    {
        if (_manager is null) return;
        _recordAllowance.Remove(key);
        _manager.PeerDown(key, NowMs);
    }

    /// <summary>Whether discovery takes an inbound connection from the peer (not while it is graylisted, evicted or pruned lately).</summary>
    private async Task<bool> AcceptsInboundAsync(PublicKey key, CancellationToken cancellationToken)
    {
        if (_options.Discovery is null) return true;
        try
        {
            return await OnLoopAsync(() => _manager?.AcceptsInbound(key, NowMs) ?? true, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return false; // the node is stopping
        }
    }

    /// <summary>At stop: saves discovery's state while the connections are still up (anchors are the best outbound peers connected now).</summary>
    private async Task StopDiscoveryAsync()
    {
        _peerTick?.Dispose();
        if (_manager is null) return;
        try
        {
            await OnLoopAsync(() => { SavePeers(); return true; }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or ObjectDisposedException)
        {
            _log.LogError("node {Id}: discovery's state was not saved at stop: {Message}", Id, e.Message);
        }
    }
}
