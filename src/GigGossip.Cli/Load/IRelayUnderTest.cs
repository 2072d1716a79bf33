using GigGossip.Network.Tcp;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Cli.Load;

/// <summary>
/// The node a relay benchmark feeds, with the wallet and settler services it uses: in this process (<see cref="RelayNode"/>)
/// or in a child process of its own on one core (<see cref="RelayNodeProcess"/>).
/// </summary>
internal interface IRelayUnderTest : IAsyncDisposable
{
    PeerAddress Address { get; }

    /// <summary>Whether the node runs in its own process, kept to one core.</summary>
    bool OwnCore { get; }

    /// <summary>A new peer key with a certificate from the relay's settler (the driver signs requests under it).</summary>
    Task<(SecretKey Key, SignedCertificate Certificate)> NewCertifiedPeerAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the relay has the peer with this key.</summary>
    Task WaitForPeerAsync(PublicKey peer, CancellationToken cancellationToken);

    /// <summary>The relay's state after the run, its rejected frames and the CPU its process has used so far.</summary>
    Task<RelayNodeReport> ReportAsync(CancellationToken cancellationToken);
}

/// <summary>What the relay held after a run, the frames it rejected, and its process's CPU and memory.</summary>
internal sealed record RelayNodeReport(
    int RememberedPayloads, int RememberedProofs, int OpenConditions, int OpenAsks, int RejectedFrames,
    double CpuSeconds, long PeakWorkingSetBytes, long ManagedHeapBytes);
