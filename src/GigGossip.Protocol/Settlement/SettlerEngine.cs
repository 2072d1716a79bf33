using System.Security.Cryptography;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// The payment settler as a deterministic state machine: makes reply hashes and SettlementPromises,
/// keeps the preimages, reveals the network key to the sender only when the network and reply
/// invoices are both Accepted and held past the job and its dispute window, settles when the job is
/// done (or its pickup window and completion time pass undisputed), cancels on a dispute before the
/// reveal or when the money is not locked in time, and freezes a dispute after the reveal until it is decided. Its certificate authority lives in
/// <see cref="SettlerAuthority"/>.
/// </summary>
public sealed partial class SettlerEngine
{
    private readonly SecretKey _key;
    private readonly Dictionary<string, SettlerJob> _jobs = [];
    private readonly Dictionary<string, ReplyRecord> _replies = [];
    private readonly Dictionary<string, (string CallId, SettlerJob Job, SignedSettlementPromise Promise, byte[] Encrypted)> _pendingPromises = [];
    private readonly Dictionary<string, byte[]> _published = [];
    private readonly Func<byte[]> _newPreimage;
    private List<EngineEffect> _effects = [];
    private long _now;

    /// <param name="newPreimage">Where preimages come from: 32 bytes of a CSPRNG unless a simulator draws them from its seed.</param>
    public SettlerEngine(SecretKey key, string uri, SettlerPolicy policy, SettlerAuthority authority, Func<byte[]>? newPreimage = null)
    {
        _key = key;
        _newPreimage = newPreimage ?? (() => RandomNumberGenerator.GetBytes(32));
        Uri = uri;
        Policy = policy;
        Authority = authority;
    }

    public string Uri { get; }

    public PublicKey PublicKey => _key.PublicKey;

    public SettlerPolicy Policy { get; set; }

    public SettlerAuthority Authority { get; }

    /// <summary>Preimages published after settlement (the public HTTP endpoint serves these).</summary>
    public IReadOnlyDictionary<string, byte[]> PublishedPreimages => _published;

    public IReadOnlyList<EngineEffect> Handle(EngineInput input, long nowUnixMs)
    {
        _now = nowUnixMs;
        NoteFirstInputAfterRestore();
        _effects = [];
        PruneUnused();
        switch (input)
        {
            case SettlerCallReceived call: OnCall(call.CallId, call.Request); break;
            case InvoiceCreated { CorrelationId: SettlerCallCorrelation call } created: OnInvoiceCreated(call.CallId, created.Bolt11); break;
            case InvoiceCreationFailed { CorrelationId: SettlerCallCorrelation call } failed: OnInvoiceCreationFailed(call.CallId, failed.Reason); break;
            case IssuedInvoiceChanged changed: OnNetworkInvoiceChanged(changed); break;
            case TimerFired timer: OnTimer(timer.TimerId); break;
            case InvoiceCallFailed failed: OnInvoiceCallFailed(failed); break;
            case OperatorDecision decision: OnOperatorDecision(decision); break;
            default: throw new ArgumentException($"a settler does not take {input.GetType().Name}", nameof(input));
        }
        return _effects;
    }

    private void OnCall(string callId, SettlerRequest request)
    {
        switch (request)
        {
            case ReplyPaymentHashRequest r: OnReplyHashRequest(callId, r); break;
            case SettlementPromiseRequest r: OnPromiseRequest(callId, r); break;
            case KeyRevealRequest r: OnKeyReveal(callId, r); break;
            case JobReportRequest r: OnJobReport(callId, r); break;
            case PreimageRequest r: OnPreimageRequest(callId, r); break;
            case ReplyAcceptedRequest r: OnReplyAccepted(callId, r); break;
            case PickupReportRequest r: OnPickupReport(callId, r); break;
            case DisputeStatementRequest r: OnDisputeStatement(callId, r); break;
            case OneTimeCertificatesRequest r: OnOneTimeCertificates(callId, r); break;
            default: Respond(callId, Refused(SettlerRefusal.BadRequest, $"unknown request {request.GetType().Name}")); break;
        }
    }

    private void OnReplyHashRequest(string callId, ReplyPaymentHashRequest request)
    {
        if (CheckRequest(request.SignedRequest) is not { } checkedRequest)
        {
            Respond(callId, Refused(SettlerRefusal.BadRequest, "the signed request or its sender certificate does not verify"));
            return;
        }
        if (CheckReplyHashRequest(request, checkedRequest) is { } problem)
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, problem));
            return;
        }
        var existing = ReplyFor(checkedRequest.PayloadId, request.Replier);
        var record = existing ?? new ReplyRecord(_newPreimage(), request.Replier, checkedRequest.Sender, checkedRequest.PayloadId);
        if (existing is null) Touch(record);
        _replies[Hex(record.PaymentHash)] = record;
        Respond(callId, new ReplyPaymentHashIssued(record.PaymentHash));
    }

    private void OnPromiseRequest(string callId, SettlementPromiseRequest request)
    {
        if (CheckPromiseRequest(request, out var problem) is not { } reply)
        {
            Respond(callId, Refused(SettlerRefusal.BadRequest, problem));
            return;
        }
        var serviceEnd = reply.WindowEndUnixMs + Policy.CompletionTimeMs;
        if (reply.WindowEndUnixMs <= _now)
        {
            Respond(callId, Refused(SettlerRefusal.BadRequest, "the request's pickup window has already ended"));
            return;
        }
        if (Policy.MinHoldUntil(serviceEnd) - _now > Policy.MaxHoldMs)
        {
            Respond(callId, Refused(SettlerRefusal.BadRequest, $"the request's pickup window ends too far ahead: no hold can last past it and the dispute window ({Policy.MaxHoldMs} ms at most)"));
            return;
        }
        var job = new SettlerJob(_newPreimage(), reply.Record) { ServiceEndUnixMs = serviceEnd, MinHoldUntilUnixMs = Policy.MinHoldUntil(serviceEnd) };
        var encrypted = ReplyPayloadSeal.Seal(job.NetworkPreimage, reply.Record.Sender, request.ReplyPayload);
        var signed = SettlementPromises.Sign(new SettlementPromise
        {
            SettlerUri = Uri,
            SettlerPublicKey = ByteString.CopyFrom(PublicKey.Bytes),
            PayloadId = ByteString.CopyFrom(Convert.FromHexString(reply.Record.PayloadId)),
            NetworkPaymentHash = ByteString.CopyFrom(job.NetworkPaymentHash),
            HashOfEncryptedReplyPayload = ByteString.CopyFrom(Preimages.HashOf(encrypted)),
            NetworkAmountMsat = Policy.NetworkFeeMsat,
            ReplyPaymentHash = ByteString.CopyFrom(reply.Record.PaymentHash),
            // reply_payment_amount_msat stays 0: every middleman reads this promise and must not learn the price (privacy.md);
            // the sender reads the amount from the reply invoice sealed to it, which reply_invoice_hash pins.
            MinHoldUntilUnixMs = job.MinHoldUntilUnixMs,
            ServiceEndUnixMs = job.ServiceEndUnixMs,
            ReplyInvoiceHash = ByteString.CopyFrom(ReplySignatures.InvoiceHash(request.ReplyInvoice)),
            ReplierSignatureHash = ByteString.CopyFrom(reply.ReplierSignatureHash),
        }, _key);
        _jobs[Hex(job.NetworkPaymentHash)] = job;
        Touch(job);
        _pendingPromises[callId] = (callId, job, signed, encrypted);
        if (reply.Record.ReplyInvoice is null)
        {
            reply.Record.ReplyInvoice = request.ReplyInvoice;
            Touch(reply.Record);
        }
        _effects.Add(new CreateInvoice(new SettlerCallCorrelation(callId), job.NetworkPaymentHash, Policy.NetworkFeeMsat, "gig-gossip settler", _now + Policy.InvoiceExpiryMs));
        _effects.Add(new SetTimer(LockTimerPrefix + Hex(job.NetworkPaymentHash), _now + Policy.LockTimeoutMs));
    }

    private void OnInvoiceCreated(string callId, string bolt11)
    {
        if (!_pendingPromises.Remove(callId, out var pending)) return;
        Respond(callId, new SettlementPromiseIssued(pending.Promise, pending.Encrypted, bolt11));
    }

    private void OnInvoiceCreationFailed(string callId, string reason)
    {
        if (!_pendingPromises.Remove(callId, out var pending)) return;
        pending.Job.State = SettlerJobState.Cancelled;
        Touch(pending.Job);
        Respond(callId, Refused(SettlerRefusal.BadRequest, $"could not issue the network invoice: {reason}"));
    }

    private void Respond(string callId, SettlerResponse response) => _effects.Add(new RespondToCall(callId, response));

    private static SettlerRefused Refused(SettlerRefusal reason, string message) => new(reason, message);

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
