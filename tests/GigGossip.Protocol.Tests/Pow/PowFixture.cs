using System.Text;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Pow;

/// <summary>Fixed inputs, so a single-thread solve (which starts at nonce 0) always finds the same nonce.</summary>
internal static class PowFixture
{
    public const long Timestamp = 1_760_000_000_000;
    public const long Tolerance = 30_000;
    public static readonly byte[] AskId = Encoding.ASCII.GetBytes("ask-0001");
    public static readonly byte[] Payload = Encoding.UTF8.GetBytes("signed request payload and backward onion");
    public static readonly PowTarget Target = PowTarget.FromLeadingZeroBits(12);
    public static readonly PublicKey Middleman = SecretKey.FromBytes(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000003")).PublicKey;
    public static readonly PublicKey OtherMiddleman = SecretKey.FromBytes(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000005")).PublicKey;
    public static readonly byte[] Digest = ProofOfWork.PayloadDigest(AskId, Target, Payload);
    public static readonly PowWorkUnit Unit = new(Digest, Middleman, Timestamp);

    private static readonly Lazy<ulong> SolvedNonce = new(() => PowSolver.Solve(Unit, Target, 1, CancellationToken.None));

    public static ulong Nonce => SolvedNonce.Value;

    public static PowVerdict Verify(
        byte[]? digest = null, PublicKey? middleman = null, long timestamp = Timestamp, ulong? nonce = null,
        PowTarget? target = null, long now = Timestamp + 1_000) =>
        ProofOfWork.Verify(digest ?? Digest, middleman ?? Middleman, timestamp, nonce ?? Nonce, target ?? Target, now, Tolerance);
}
