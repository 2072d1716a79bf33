using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>The key and certificate one request is signed with, and the openings of that certificate's property commitments.</summary>
internal sealed record RequestIdentity(SecretKey Key, SignedCertificate Certificate, Certificate Parsed, IReadOnlyList<PropertyOpening> Openings);

/// <summary>
/// The sender's one-time keys (docs/protocol/privacy.md, "Unlinkable senders"): a pool of keys with one-time certificates
/// from the node's own settler, each used for one request only. When the pool runs low the node draws fresh keys and asks
/// its settler to certify them, signed with its own certificate's key (the settler links the batch to the node; nobody
/// else can). Unused keys are not saved: after a restart the node asks for a new batch.
/// </summary>
internal sealed class SenderKeys(NodeContext node)
{
    public const int BatchSize = 8;
    public const int LowWater = 2;

    private readonly Queue<RequestIdentity> _unused = [];
    private SecretKey[]? _asked;
    private bool _retrying;

    /// <summary>The settler refused or cannot issue one-time certificates: requests fall back to the network key.</summary>
    public bool Unavailable { get; private set; }

    public bool Enabled => node.Policy.OneTimeSenderKeys && !Unavailable;

    /// <summary>Whether a batch is on its way, or the settler did not answer and is asked again soon.</summary>
    public bool Asking => _asked is not null || _retrying;

    /// <summary>The next unused one-time identity (never handed out twice), or null when the pool is empty; tops the pool up.</summary>
    public RequestIdentity? Take()
    {
        var identity = _unused.TryDequeue(out var next) ? next : null;
        TopUp();
        return identity;
    }

    /// <summary>The retry timer fired: asks the settler for a batch again.</summary>
    public void Retry()
    {
        _retrying = false;
        TopUp();
    }

    /// <summary>The node's own identity, when no one-time key can be had.</summary>
    public RequestIdentity Network() => new(node.Key, node.Certificate, node.ParsedCertificate, []);

    private void TopUp()
    {
        if (!Enabled || Asking || _unused.Count > LowWater) return;
        _asked = [.. Enumerable.Range(0, BatchSize).Select(_ => SecretKey.Generate())];
        var settler = PublicKey.FromBytes(node.ParsedCertificate.IssuerPublicKey.Span);
        node.Add(new CallSettler(node.ParsedCertificate.IssuerUri, OneTimeBatchCall.Instance,
            OneTimeCertificatesRequest.Create(node.Key, node.Certificate, settler, [.. _asked.Select(k => k.PublicKey)], node.Now)));
    }

    /// <summary>The settler's answer; true when the pool got keys. Every certificate must verify and name the key drawn for it.</summary>
    public bool OnAnswer(SettlerResponse response)
    {
        var asked = _asked;
        _asked = null;
        if (asked is null) return false;
        if (response is SettlerRefused { Reason: SettlerRefusal.NotYet })
        {
            // A settler that is down or busy is asked again; meanwhile requests wait (never under the network key, which names the node).
            _retrying = true;
            node.Add(new SetNodeTimer(OneTimeBatchRetry.Instance, node.Now + node.Policy.SettlerPollMs));
            node.Emit(new NodeWarning($"no one-time certificates yet ({SettlerResponses.Describe(response)}): requests wait for them until their reply deadline; asking again in {node.Policy.SettlerPollMs} ms"));
            return false;
        }
        if (response is not OneTimeCertificatesIssued issued || issued.Certificates.Count != asked.Length || issued.Openings.Count != asked.Length)
        {
            Unavailable = true;
            node.Emit(new NodeWarning($"the settler issues no one-time certificates ({SettlerResponses.Describe(response)}): requests are signed with the node's network key and name it"));
            return false;
        }
        for (var i = 0; i < asked.Length; i++)
        {
            var verdict = CertificateVerifier.Verify(issued.Certificates[i], node.Policy.TrustedSettlers, DateTimeOffset.FromUnixTimeMilliseconds(node.Now), out var parsed);
            if (verdict != CertificateVerdict.Valid || !parsed!.SubjectPublicKey.Span.SequenceEqual(asked[i].PublicKey.Bytes))
            {
                node.Emit(new NodeWarning($"one-time certificate {i} from the settler is {verdict} or for another key; dropped"));
                continue;
            }
            _unused.Enqueue(new RequestIdentity(asked[i], issued.Certificates[i], parsed, issued.Openings[i]));
        }
        if (_unused.Count > 0) return true;
        Unavailable = true;
        node.Emit(new NodeWarning("no one-time certificate from the settler verifies: requests are signed with the node's network key and name it"));
        return false;
    }
}
