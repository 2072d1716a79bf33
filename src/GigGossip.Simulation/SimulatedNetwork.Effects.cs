using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;

namespace GigGossip.Simulation;

/// <summary>How the harness carries out the engines' effects: links, proofs of work, the ledger, settler calls, timers.</summary>
public sealed partial class SimulatedNetwork
{
    private readonly Dictionary<string, (SimNode Caller, Correlation CorrelationId)> _calls = [];
    private readonly Dictionary<string, Action<EngineInput>> _accountOwners = [];
    private long _nextCallId;
    private DateTimeOffset? _expiryCheckAt;

    private void Deliver(SimNode node, INodeInput input)
    {
        if (!node.Online) return;
        if (input is FrameReceived received && node.Behaviour is { } behaviour && !behaviour.ReadsFrom(received.From, received.Frame, Now)) return;
        IReadOnlyList<EngineEffect> effects;
        using (OnionLayerSealing.Use(SealOnionsForReal ? null : ModelledOnions)) effects = node.Engine.Handle(input, Now);
        for (var i = 0; i < effects.Count; i++) Execute(node, effects[i]);
    }

    /// <summary>A wallet's answer (an invoice or payment change, an invoice created or not) as the node input it is.</summary>
    private static INodeInput ForNode(EngineInput input) =>
        input as INodeInput ?? throw new InvalidOperationException($"the wallet answered a node with {input.GetType().Name}");

    private void Deliver(SimSettler settler, EngineInput input)
    {
        foreach (var effect in settler.Engine.Handle(input, Now)) Execute(settler, effect);
    }

    private void Execute(SimNode node, EngineEffect effect)
    {
        switch (effect)
        {
            case SendFrame send: SendOverLink(node, send); break;
            case SolvePow pow: Solve(node, pow); break;
            case CallSettler call: CallSettler(node, call); break;
            case SetNodeTimer timer: Scheduler.At(timer.AtUnixMs, new NodeDelivery(this, node, new NodeTimerFired(timer.Timer))); break;
            case EmitEvent emitted:
                if (KeepEvents) node.Events.Add(emitted.Event);
                EventObserver?.Invoke(node, emitted.Event);
                if (Tracing) EventLog.Add((Now, node, emitted.Event));
                Log($"{node} {Describe(emitted.Event)}");
                break;
            default: ExecuteMoney(node, effect); break;
        }
    }

    /// <summary>A node's invoice effect; the wallet's answers reach the node as inputs now (its own method: only these need the closure).</summary>
    private void ExecuteMoney(SimNode node, EngineEffect effect) =>
        ExecuteMoney(node.Account, effect, input => Scheduler.At(Now, new NodeDelivery(this, node, ForNode(input))));

    private void Execute(SimSettler settler, EngineEffect effect)
    {
        switch (effect)
        {
            case RespondToCall respond:
                if (!_calls.Remove(respond.CallId, out var call)) return;
                Log($"{settler} answers {call.Caller} {respond.Response.GetType().Name}");
                var response = SettlerAnswerInterceptor is null ? respond.Response : SettlerAnswerInterceptor(call.Caller, respond.Response);
                Scheduler.After(Latency.Draw(Random), () => Deliver(call.Caller, new SettlerReplied(call.CorrelationId, response)));
                break;
            case SetTimer timer: Scheduler.At(timer.AtUnixMs, () => Deliver(settler, new TimerFired(timer.TimerId))); break;
            default: ExecuteMoney(settler.Account, effect, input => Scheduler.At(Now, () => Deliver(settler, input))); break;
        }
    }

    private void SendOverLink(SimNode from, SendFrame send)
    {
        if (!_links.Contains((from.Id, send.To))) return;
        var frame = Interceptor is null ? send.Frame : Interceptor(from, _nodesById[send.To], send.Frame);
        if (frame is null) return;
        var copies = from.Behaviour?.Copies(frame, Now) ?? 1;
        if (copies == 0) return;
        var to = _nodesById[send.To];
        // A frame the engine built from checked parts is sent as the node host sends it (not checked again); any other is checked as it is encoded.
        var built = ReferenceEquals(frame, send.Frame) ? send.Decoded : null;
        byte[]? bytes = null;
        DecodedFrame? copied = null;
        int size;
        if (DecodeFramesForReal)
        {
            bytes = built is not null ? FrameCodec.Encode(built) : FrameCodec.Encode(frame);
            size = bytes.Length;
        }
        else if (Interceptor is null && from.Behaviour is null)
        {
            // Copied frames: the receiver gets the checked frame itself with its parsed payloads (engines never change a frame they
            // received), so nothing is serialised or parsed again; the size is the wire size.
            if (built is not null) size = FrameCodec.CheckedSize(built);
            else built = FrameCodec.Check(frame, out size);
            copied = built;
        }
        else
        {
            // A frame a test or an attacker may hold on to and change: the receiver gets its own copy.
            _ = FrameCodec.Check(frame, out size);
        }
        for (var copy = 0; copy < copies; copy++)
        {
            FramesSent++;
            BytesSent += size;
            from.FramesSent++;
            from.BytesSent += size;
            FrameObserver?.Invoke(from, to, frame, size);
            Log($"{from} -> {to} {frame.KindCase}");
            if (bytes is not null)
            {
                Scheduler.After(Latency.Draw(Random), new WireArrival(this, to, from.Id, bytes));
                continue;
            }
            var received = copied is not null ? new FrameReceived(from.Id, copied) : new FrameReceived(from.Id, frame.Clone());
            Scheduler.After(Latency.Draw(Random), new FrameArrival(this, to, received));
        }
    }

    /// <summary>A frame reaches a node: it is read at once, or after the frames before it when reading costs time.</summary>
    private void Arrive(SimNode to, FrameReceived received)
    {
        if (FrameCostUs <= 0)
        {
            Deliver(to, received);
            return;
        }
        to.CpuBusyUntilUs = Math.Max(to.CpuBusyUntilUs, Now * 1000) + FrameCostUs;
        Scheduler.At((to.CpuBusyUntilUs + 999) / 1000, new NodeDelivery(this, to, received));
    }

    /// <summary>
    /// Delivers a frame to <paramref name="to"/> as if <paramref name="from"/> had sent it (an adversary's
    /// frame). <paramref name="throughCodec"/> false hands it to the engine as is, past the wire codec's
    /// checks, to test the engine's own.
    /// </summary>
    public void Inject(SimNode from, SimNode to, Frame frame, long delayMs = 0, bool throughCodec = true)
    {
        var received = throughCodec ? FrameCodec.Decode(FrameCodec.Encode(frame)) : frame.Clone();
        Scheduler.After(delayMs, () => Deliver(to, new FrameReceived(from.Id, received)));
    }

    /// <summary>
    /// A node's solves queue on its one hash rate: each starts when the one before is done, stamped with
    /// the time it starts, and takes the target's expected tries at <see cref="HashRatePerSecond"/>.
    /// </summary>
    private void Solve(SimNode node, SolvePow pow)
    {
        if (node.Behaviour is { DoesWork: false }) return;
        var timestamp = Math.Max(Now, node.PowBusyUntil);
        var duration = (long)Math.Ceiling(pow.Target.ExpectedTries / HashRatePerSecond * 1000);
        node.PowBusyUntil = timestamp + duration;
        node.PowTries += pow.Target.ExpectedTries;
        var nonce = SolvePowForReal
            ? PowSolver.Solve(new PowWorkUnit(pow.PayloadDigest, pow.Middleman, timestamp), pow.Target, 1, CancellationToken.None)
            : ModelledProofs.Record(pow.PayloadDigest, pow.Middleman, timestamp, pow.Target);
        Scheduler.At(node.PowBusyUntil, new NodeDelivery(this, node, new PowSolved(pow.AskId, timestamp, nonce)));
    }

    private void CallSettler(SimNode node, CallSettler call)
    {
        if (!_settlers.TryGetValue(call.SettlerUri, out var settler))
        {
            Scheduler.After(Latency.Draw(Random), () => Deliver(node, new SettlerReplied(call.CorrelationId,
                new SettlerRefused(SettlerRefusal.Unknown, $"no settler at {call.SettlerUri}"))));
            return;
        }
        var callId = (++_nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _calls[callId] = (node, call.CorrelationId);
        Log($"{node} calls {settler} {call.Request.GetType().Name}");
        var request = SettlerCallInterceptor is null ? call.Request : SettlerCallInterceptor(node, call.Request);
        Scheduler.After(Latency.Draw(Random), () => Deliver(settler, new SettlerCallReceived(callId, request)));
    }

    /// <summary>Invoice effects go to the real ledger; its events go back to the engines concerned.</summary>
    private void ExecuteMoney(string account, EngineEffect effect, Action<EngineInput> reply)
    {
        try
        {
            switch (effect)
            {
                case CreateInvoice create:
                    var invoice = OpenLedger.CreateInvoice(account, EngineWalletStates.InvoiceRequest(create, Now, minFinalCltvExpiryDelta: 1), NowOffset);
                    reply(new InvoiceCreated(create.CorrelationId, invoice.Bolt11));
                    break;
                case PayInvoice pay:
                    Dispatch(OpenLedger.Pay(account, pay.Bolt11, DateTimeOffset.FromUnixTimeMilliseconds(pay.HoldUntilUnixMs), NowOffset).Events);
                    break;
                case SettleInvoice settle:
                    Dispatch(OpenLedger.Settle(account, PaymentHash.FromBytes(settle.PaymentHash), Preimage.FromBytes(settle.Preimage), NowOffset).Events);
                    break;
                case CancelInvoice cancel:
                    Dispatch(OpenLedger.Cancel(account, PaymentHash.FromBytes(cancel.PaymentHash), NowOffset).Events);
                    break;
                default: throw new InvalidOperationException($"the harness cannot carry out {effect.GetType().Name}");
            }
        }
        catch (WalletException e)
        {
            Log($"{account[..Math.Min(12, account.Length)]} wallet refused {effect.GetType().Name}: {e.Error}");
            switch (effect)
            {
                case CreateInvoice create: reply(new InvoiceCreationFailed(create.CorrelationId, e.Message)); break;
                case PayInvoice pay: reply(EngineWalletStates.Refused(Bolt11Invoice.Decode(pay.Bolt11).PaymentHash, e.Message)); break;
            }
        }
        ScheduleExpiryCheck();
    }

    private void Dispatch(IReadOnlyList<WalletEvent> events)
    {
        foreach (var walletEvent in events)
        {
            switch (walletEvent)
            {
                case InvoiceUpdated updated:
                    DeliverToAccount(updated.Invoice.Issuer, EngineWalletStates.Issued(updated.Invoice));
                    break;
                case PaymentUpdated paid:
                    DeliverToAccount(paid.Payment.Payer, EngineWalletStates.Paid(paid.Payment));
                    break;
            }
        }
    }

    private void DeliverToAccount(string account, EngineInput input)
    {
        if (_accountOwners.TryGetValue(account, out var deliver)) Scheduler.At(Now, () => deliver(input));
    }

    /// <summary>Makes the ledger cancel expired invoices and held payments past their deadline, in virtual time.</summary>
    private void ScheduleExpiryCheck()
    {
        if (OpenLedger.NextDeadline() is not { } next || next == _expiryCheckAt) return;
        _expiryCheckAt = next;
        Scheduler.At(next.ToUnixTimeMilliseconds(), () =>
        {
            _expiryCheckAt = null;
            Dispatch(OpenLedger.Expire(NowOffset));
            ScheduleExpiryCheck();
        });
    }

    private static string Describe(NodeEvent nodeEvent) => nodeEvent switch
    {
        FrameRejected r => $"rejected {r.Reason}",
        BroadcastSent b => $"broadcast {b.PayloadId[..8]} sender={b.AsSender}",
        OfferReceived o => $"offer price={o.Offer.PriceMsat} network={o.Offer.NetworkAmountMsat}",
        OffersCollected c => $"offers collected {c.Offers.Count}",
        ReplyRouted r => $"routed amount={r.AmountMsat}",
        ContactRevealed c => $"contact revealed {c.Contact}",
        _ => nodeEvent.GetType().Name,
    };
}
