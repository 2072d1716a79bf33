using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// The key-reveal request's binding and freshness (docs/protocol/privacy.md): signed over this settler and this job, within
/// <see cref="KeyRevealRequest.FreshnessMs"/> of the settler's clock, its nonce never seen before in that window, and (as the
/// nonces are not saved) signed after the settler's first input since it restored its state.
/// </summary>
public sealed partial class SettlerEngine
{
    private bool _awaitingFirstInputAfterRestore;
    private long _revealsSignedFromUnixMs = long.MinValue;

    /// <summary>After restoring jobs the remembered nonces are gone: only requests signed from the next input's time on are taken.</summary>
    private void MarkRestored() => _awaitingFirstInputAfterRestore = true;

    private void NoteFirstInputAfterRestore()
    {
        if (!_awaitingFirstInputAfterRestore) return;
        _awaitingFirstInputAfterRestore = false;
        _revealsSignedFromUnixMs = _now;
    }

    /// <summary>Why a request signed before the settler restarted is not taken (the sender asks again, freshly signed), or null.</summary>
    private string? SignedBeforeRestart(KeyRevealRequest request) =>
        request.TimestampUnixMs < _revealsSignedFromUnixMs
            ? $"the key-reveal request was signed before the settler restarted at {DateTimeOffset.FromUnixTimeMilliseconds(_revealsSignedFromUnixMs):O}: sign it again"
            : null;

    /// <summary>
    /// Why a key-reveal request is not the job's sender asking now, or null when it is: signed by the job's sender over this
    /// settler, this job and its own time and nonce; that time within <see cref="KeyRevealRequest.FreshnessMs"/> of the settler's
    /// clock; that nonce not seen for this job in the window (so a seen request replayed gets nothing). A verified nonce is remembered.
    /// </summary>
    private string? KeyRevealProblem(SettlerJob job, KeyRevealRequest request)
    {
        if (request.TimestampUnixMs < _now - KeyRevealRequest.FreshnessMs || request.TimestampUnixMs > _now + KeyRevealRequest.FreshnessMs)
            return $"the key-reveal request is more than {KeyRevealRequest.FreshnessMs / 1000} s from the settler's clock";
        var signed = KeyRevealRequest.SignedBytes(PublicKey, job.NetworkPaymentHash, job.Reply.PaymentHash, Convert.FromHexString(job.Reply.PayloadId),
            request.TimestampUnixMs, request.Nonce);
        if (request.Nonce.Length != KeyRevealRequest.NonceLength || request.Signature.Length != 64
            || !job.Reply.Sender.Verify(SignatureTags.KeyRevealRequest, signed, request.Signature))
            return "only the job's sender may ask for its key (the signature does not cover this settler, this job, its time and nonce)";
        foreach (var stale in job.RevealNonces.Where(n => n.Value < _now - KeyRevealRequest.FreshnessMs).Select(n => n.Key).ToList())
            job.RevealNonces.Remove(stale);
        if (!job.RevealNonces.TryAdd(Hex(request.Nonce), request.TimestampUnixMs))
            return "this key-reveal request was already used: a replay gets nothing";
        return null;
    }
}
