using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// What every role of a node shares: its key and certificate, its policy, its peers, the time of the input
/// being handled and the effects it produces. The roles own their state; this holds only the common ground.
/// </summary>
internal sealed class NodeContext(NodeIdentity identity, NodePolicy policy, Random random)
{
    private readonly List<PublicKey> _peers = [];
    private readonly PeerConduct _conduct = new();

    public SecretKey Key { get; } = identity.Key;

    public SignedCertificate Certificate { get; } = identity.Certificate;

    public PublicKey Id { get; } = identity.Key.PublicKey;

    public NodePolicy Policy { get; set; } = policy;

    public WorkerPolicy? Worker { get; set; }

    public IReadOnlyList<PublicKey> Peers => _peers;

    /// <summary>The time of the input being handled.</summary>
    public long Now { get; private set; }

    public List<EngineEffect> Effects { get; private set; } = [];

    /// <summary>Starts handling one input at <paramref name="nowUnixMs"/> with no effects yet.</summary>
    public void Begin(long nowUnixMs)
    {
        Now = nowUnixMs;
        Effects = [];
    }

    public void AddPeer(PublicKey peer)
    {
        _conduct.Forget(peer);
        if (!_peers.Contains(peer)) _peers.Add(peer);
    }

    public void RemovePeer(PublicKey peer)
    {
        _conduct.Forget(peer);
        _peers.Remove(peer);
    }

    public void Add(EngineEffect effect) => Effects.Add(effect);

    public void Emit(NodeEvent nodeEvent) => Effects.Add(new EmitEvent(nodeEvent));

    public void Send(PublicKey to, Frame frame) => Effects.Add(new SendFrame(to, frame));

    public void Send(PublicKey to, DecodedFrame frame) => Effects.Add(new SendFrame(to, frame));

    /// <summary>This node's own certificate, parsed once.</summary>
    public Certificate ParsedCertificate => _parsedCertificate ??= Certificate.ReadCertificate();

    private Certificate? _parsedCertificate;

    /// <summary>Refuses a frame (an event for the app) and asks the host to drop the peer when it refused too many by its own fault.</summary>
    public void Reject(PublicKey from, RejectionReason reason, string detail)
    {
        Emit(new FrameRejected(from, reason, detail));
        if (PeerConduct.IsPeersFault(reason)) Credit(from, PeerActivity.InvalidFrame);
        if (_conduct.Refused(from, reason, detail, Policy.MaxRejectedFramesPerPeer) is { } drop) Effects.Add(drop);
    }

    public byte[] NewId()
    {
        var id = new byte[16];
        random.NextBytes(id);
        return id;
    }

    /// <summary>Each peer's score when <see cref="NodePolicy.Scoring"/> is on (shared with the host's peer manager), else null.</summary>
    public PeerScoreBook? Scores { get; } = policy.Scoring is { } scoring ? new PeerScoreBook(scoring) : null;

    /// <summary>Records what a peer did in its score (nothing when scoring is off).</summary>
    public void Credit(PublicKey peer, PeerActivity activity) => Scores?.Record(peer, activity, Now);

    /// <summary>
    /// Up to <paramref name="count"/> distinct peers, never <paramref name="except"/>, in random order. With scoring:
    /// up to <paramref name="count"/> peers with a positive score (dialled by this node, or that earned something; those that
    /// never asked it anything first) and two
    /// more from the others at or above the gossip threshold (one among those that asked lately first, one drawn evenly),
    /// so a node that nobody dialled is still reached; random within each, so forwards spread over every trusted link instead of going back to
    /// the few that delivered first (they are the ones that already have the broadcast).
    /// </summary>
    public List<PublicKey> PickPeers(int count, PublicKey? except)
    {
        var candidates = new List<PublicKey>(_peers.Count);
        foreach (var peer in _peers)
        {
            if (!peer.Equals(except)) candidates.Add(peer);
        }
        Shuffle(candidates, Scores is null ? Math.Min(count, candidates.Count) : candidates.Count);
        if (Scores is { } scores) return PickScored(candidates, count, scores);
        if (count < candidates.Count) candidates.RemoveRange(count, candidates.Count - count);
        return candidates;
    }

    /// <summary><see cref="PickPeers"/> with scoring, from the shuffled candidates.</summary>
    private List<PublicKey> PickScored(List<PublicKey> candidates, int count, PeerScoreBook scores)
    {
        var scored = candidates.Select(p => (Peer: p, Parts: scores.Parts(p, Now))).ToList();
        // Trusted peers that never asked this node anything come first: a worker takes jobs instead of passing them on, so it
        // is reached only through the nodes that trust it (that dialled it, or that it routed replies through).
        var trusted = scored.Where(p => p.Parts.Total > 0)
            .OrderByDescending(p => p.Parts.RecentAsks == 0)
            .Select(p => p.Peer).ToList();
        // Strangers that asked this node something lately come first: a peer that drops everything never does.
        var others = scored.Where(p => p.Parts.Total <= 0 && p.Parts.Total >= scores.Params.GossipThreshold)
            .OrderByDescending(p => p.Parts.RecentAsks > 0)
            .Select(p => p.Peer).ToList();
        if (count == int.MaxValue) return [.. trusted.Concat(others)];
        var picked = trusted.Take(count).ToList();
        var firstStrangers = count - picked.Count + 1;
        picked.AddRange(others.Take(firstStrangers));
        // One more stranger drawn evenly from the rest: a worker takes a job instead of passing it on, so it never asks and
        // is never first in line above; without this it is reached only by the nodes that dialled it.
        if (others.Count > firstStrangers) picked.Add(others[firstStrangers + random.Next(others.Count - firstStrangers)]);
        return picked;
    }

    private void Shuffle(List<PublicKey> list, int prefix)
    {
        for (var i = 0; i < prefix; i++)
        {
            var j = i + random.Next(list.Count - i);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    public CertificateVerdict VerifyCertificate(SignedCertificate certificate) =>
        CertificateVerifier.Verify(certificate, Policy.TrustedSettlers, DateTimeOffset.FromUnixTimeMilliseconds(Now));

    /// <summary>
    /// As <see cref="VerifyCertificate(SignedCertificate)"/>, for a certificate already parsed (<paramref name="parsed"/>); with
    /// <paramref name="signature"/> the settler's signature is checked once for the same bytes (a request shared along a flood).
    /// </summary>
    public CertificateVerdict VerifyCertificate(SignedCertificate certificate, Certificate parsed, KeptVerdict? signature = null) =>
        CertificateVerifier.Verify(certificate, parsed, Policy.TrustedSettlers, DateTimeOffset.FromUnixTimeMilliseconds(Now), signature);

    public static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
