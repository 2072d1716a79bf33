using System.Diagnostics;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using GigGossip.Protocol.Topics;
using ProofOfWork = GigGossip.Protocol.Pow.ProofOfWork;
using Google.Protobuf;

namespace GigGossip.Cli.Load;

/// <summary>
/// What the cryptography a relay cannot avoid costs per broadcast on this machine, on one thread: the sender's request
/// signature, the sender certificate (its settler's signature and the revocation list), the proof-of-work check (the
/// payload digest and one hash), and the onion layer it seals to the next peer. Every signature is a distinct one (no
/// memo helps), and each part is timed on its own over the same number of rounds, the fastest of three passes.
/// </summary>
public static class RelayCryptoCost
{
    private const int Senders = 16;

    public static RelayCryptoReport Measure(int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var now = DateTimeOffset.UtcNow;
        var settlerKey = SecretKey.Generate();
        var list = CertificateIssuer.SignRevocationList(settlerKey, [], now.AddMinutes(-1), now.AddHours(1));
        var trusted = new TrustedSettlers([new TrustedSettler(settlerKey.PublicKey, "https://settler.bench", list)]);
        var senders = Enumerable.Range(0, Senders).Select(_ => SecretKey.Generate()).ToArray();
        var certificates = senders.Select(key => CertificateIssuer.Issue(settlerKey, "https://settler.bench", CertificateIssuer.NewSerial(), key.PublicKey,
            new Dictionary<string, byte[]>(), now.AddDays(-1), now.AddDays(1))).ToArray();
        var nowMs = now.ToUnixTimeMilliseconds();
        var topic = new Topic { Taxi = new TaxiTopic { FromGeohash = "u33dc0", ToGeohash = "u33dc1", PickupAfterUnixMs = nowMs, PickupBeforeUnixMs = nowMs + 600_000, DistanceM = 1_000 } };
        // Distinct requests (each its own signature) from a few senders, as a relay sees them; certificates repeat per sender.
        var requests = Enumerable.Range(0, rounds).Select(i => SignedRequests.Create(topic, certificates[i % Senders], senders[i % Senders], nowMs + 600_000)).ToArray();
        var relay = SecretKey.Generate().PublicKey;
        var next = SecretKey.Generate().PublicKey;
        var target = PowTarget.FromLeadingZeroBits(8);
        var proofs = requests.Select(r => Proof(r, relay, target, nowMs)).ToArray();

        var signature = Time(rounds, i => SignedRequests.Verify(requests[i]).IsValid);
        var certificate = Time(rounds, i => CertificateVerifier.Verify(requests[i].ReadRequestPayload().SenderCertificate, trusted, now) == CertificateVerdict.Valid);
        var pow = Time(rounds, i =>
        {
            var (askId, payload, nonce) = proofs[i];
            var digest = ProofOfWork.PayloadDigest(askId, target, payload);
            return ProofOfWork.Verify(digest, relay, nowMs, nonce, target, nowMs, 30_000) == PowVerdict.Valid;
        });
        var start = FixedSizeOnion.Start(relay);
        var onion = Time(rounds, _ => FixedSizeOnion.Grow(start, relay, next).Length == FixedSizeOnion.Length);
        return new RelayCryptoReport(rounds, signature, certificate, pow, onion);
    }

    private static (byte[] AskId, byte[] Payload, ulong Nonce) Proof(SignedRequestPayload request, PublicKey relay, PowTarget target, long nowMs)
    {
        var askId = FrameIds.New().ToByteArray();
        var payload = new BroadcastPayload { SignedRequestPayload = request, FixedBackwardOnion = ByteString.CopyFrom(FixedSizeOnion.Start(relay)) }.ToByteArray();
        var nonce = PowSolver.Solve(new PowWorkUnit(ProofOfWork.PayloadDigest(askId, target, payload), relay, nowMs), target, 1, CancellationToken.None);
        return (askId, payload, nonce);
    }

    /// <summary>Timed passes over the rounds; the fastest pass counts (the others met a collection, another thread or a cold cache).</summary>
    private const int Passes = 3;

    /// <summary>
    /// Mean microseconds of one call in the fastest of <see cref="Passes"/> passes, after one untimed warm-up call; every
    /// call must pass its check, or the measurement is void.
    /// </summary>
    private static double Time(int rounds, Func<int, bool> check)
    {
        check(0);
        var best = double.MaxValue;
        for (var pass = 0; pass < Passes; pass++)
        {
            var failed = 0;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < rounds; i++) failed += check(i) ? 0 : 1;
            best = Math.Min(best, clock.Elapsed.TotalMicroseconds / rounds);
            if (failed > 0) throw new InvalidOperationException($"{failed} of {rounds} measured checks failed; the measurement is void");
        }
        return best;
    }
}

/// <summary>Microseconds per broadcast of each unavoidable check, their sum, and the broadcasts per second one core could check.</summary>
public sealed record RelayCryptoReport(int Rounds, double RequestSignatureUs, double CertificateUs, double ProofOfWorkUs, double OnionLayerUs)
{
    public double TotalUs => RequestSignatureUs + CertificateUs + ProofOfWorkUs + OnionLayerUs;

    public double LimitPerSecond => 1e6 / TotalUs;
}
