using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Protocol.Tests.Engine;

public class NodeEngineStateTests
{
    private readonly StateFixture _f = new();

    [Fact]
    public void Fresh_engine_exports_no_money_state()
    {
        Assert.True(_f.Engine(_f.MiddlemanKey).ExportMoneyState().IsEmpty);
    }

    [Fact]
    public void Exported_state_imports_into_a_fresh_engine_unchanged()
    {
        var state = new NodeMoneyState([_f.Route(paidDownstream: true)], [_f.SenderJob()], [_f.ReplierJob()]);
        var engine = _f.Engine(_f.MiddlemanKey);
        engine.ImportMoneyState(state, StateFixture.Now);

        var again = engine.ExportMoneyState();

        var route = Assert.Single(again.Routes);
        Assert.Equal(state.Routes[0].PaymentHash, route.PaymentHash);
        Assert.Equal(state.Routes[0] with { PaymentHash = route.PaymentHash }, route);
        var senderJob = Assert.Single(again.SenderJobs);
        Assert.Equal(state.SenderJobs[0].SignedRequest, senderJob.SignedRequest);
        Assert.Same(state.SenderJobs[0].Offer, senderJob.Offer);
        Assert.Null(senderJob.NetworkPreimage);
        var replierJob = Assert.Single(again.ReplierJobs);
        Assert.Equal(state.ReplierJobs[0].SignedRequest, replierJob.SignedRequest);
        Assert.Equal(state.ReplierJobs[0].ReplyPayload, replierJob.ReplyPayload);
        Assert.Equal(state.ReplierJobs[0] with { SignedRequest = replierJob.SignedRequest, ReplyPayload = replierJob.ReplyPayload, ReplyPaymentHash = replierJob.ReplyPaymentHash }, replierJob);
    }

    [Fact]
    public void Restored_middleman_pays_downstream_when_its_invoice_is_accepted()
    {
        var engine = _f.Engine(_f.MiddlemanKey);
        var route = _f.Route(paidDownstream: false);
        engine.ImportMoneyState(new NodeMoneyState([route], [], []), StateFixture.Now);
        var holdUntil = StateFixture.Now + 1_800_000;

        var effects = engine.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Accepted, holdUntil), StateFixture.Now);

        var pay = Assert.Single(effects.OfType<PayInvoice>());
        Assert.Equal(route.DownstreamInvoice, pay.Bolt11);
        Assert.Equal(holdUntil - engine.Policy.HoldDeltaMs, pay.HoldUntilUnixMs);
        Assert.True(Assert.Single(engine.ExportMoneyState().Routes).PaidDownstream);
    }

    [Fact]
    public void Restored_middleman_that_already_paid_does_not_pay_twice_and_settles_upstream_with_the_preimage()
    {
        var engine = _f.Engine(_f.MiddlemanKey);
        engine.ImportMoneyState(new NodeMoneyState([_f.Route(paidDownstream: true)], [], []), StateFixture.Now);

        Assert.Empty(engine.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Accepted, StateFixture.Now + 1_800_000), StateFixture.Now).OfType<PayInvoice>());
        var settle = Assert.Single(engine.Handle(new PaymentChanged(_f.NetworkHash, InvoiceState.Settled, _f.NetworkPreimage, null), StateFixture.Now).OfType<SettleInvoice>());
        Assert.Equal(_f.NetworkHash, settle.PaymentHash);
        Assert.Equal(_f.NetworkPreimage, settle.Preimage);

        var settled = engine.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Settled, null), StateFixture.Now);
        Assert.Equal(3_000, Assert.Single(settled.OfType<EmitEvent>().Select(e => e.Event).OfType<MoneySettled>()).AmountMsat);
        Assert.Empty(engine.ExportMoneyState().Routes);
        Assert.Empty(engine.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Settled, null), StateFixture.Now));
    }

    [Fact]
    public void Restored_middleman_refuses_a_preimage_that_does_not_match_the_hash()
    {
        var engine = _f.Engine(_f.MiddlemanKey);
        engine.ImportMoneyState(new NodeMoneyState([_f.Route(paidDownstream: true)], [], []), StateFixture.Now);

        Assert.Empty(engine.Handle(new PaymentChanged(_f.NetworkHash, InvoiceState.Settled, _f.ReplyPreimage, null), StateFixture.Now).OfType<SettleInvoice>());
    }

    [Fact]
    public void Restored_sender_asks_the_settler_for_the_key_again()
    {
        var engine = _f.Engine(_f.SenderKey);
        var resume = engine.ImportMoneyState(new NodeMoneyState([], [_f.SenderJob()], []), StateFixture.Now);

        var timer = Assert.Single(resume.OfType<SetNodeTimer>());
        Assert.Equal(StateFixture.Now, timer.AtUnixMs);
        var call = Assert.Single(engine.Handle(new NodeTimerFired(timer.Timer), StateFixture.Now).OfType<CallSettler>());
        var reveal = Assert.IsType<KeyRevealRequest>(call.Request);
        Assert.Equal(StateFixture.SettlerUri, call.SettlerUri);
        Assert.Equal((StateFixture.Now, KeyRevealRequest.NonceLength), (reveal.TimestampUnixMs, reveal.Nonce.Length));
        var signed = KeyRevealRequest.SignedBytes(_f.Settler.PublicKey, _f.NetworkHash, _f.ReplyHash, Convert.FromHexString(_f.PayloadId), StateFixture.Now, reveal.Nonce);
        Assert.True(_f.SenderKey.PublicKey.Verify(SignatureTags.KeyRevealRequest, signed, reveal.Signature));

        var opened = engine.Handle(new SettlerReplied(call.CorrelationId, new KeyRevealed(_f.NetworkPreimage)), StateFixture.Now);
        Assert.Equal("call 555-0100", Assert.Single(opened.OfType<EmitEvent>().Select(e => e.Event).OfType<ContactRevealed>()).Contact);
        Assert.Equal(_f.NetworkPreimage, Assert.Single(engine.ExportMoneyState().SenderJobs).NetworkPreimage);
    }

    [Fact]
    public void Restored_sender_with_the_key_shows_the_contact_again_and_can_report_the_job()
    {
        var engine = _f.Engine(_f.SenderKey);
        var resume = engine.ImportMoneyState(new NodeMoneyState([], [_f.SenderJob(_f.NetworkPreimage)], []), StateFixture.Now);

        Assert.Empty(resume.OfType<SetNodeTimer>());
        Assert.Equal("call 555-0100", Assert.Single(resume.OfType<EmitEvent>().Select(e => e.Event).OfType<ContactRevealed>()).Contact);
        var report = Assert.IsType<JobReportRequest>(Assert.Single(engine.Handle(new ReportJobDone(_f.PayloadId), StateFixture.Now).OfType<CallSettler>()).Request);
        Assert.Equal(JobOutcome.Done, report.Outcome);
        Assert.Equal(_f.Offer().OfferId, engine.AcceptedOffer(_f.PayloadId)?.OfferId);
    }

    [Fact]
    public void Sender_job_leaves_the_export_once_both_payments_are_resolved()
    {
        var engine = _f.Engine(_f.SenderKey);
        engine.ImportMoneyState(new NodeMoneyState([], [_f.SenderJob(_f.NetworkPreimage)], []), StateFixture.Now);

        engine.Handle(new PaymentChanged(_f.NetworkHash, InvoiceState.Settled, _f.NetworkPreimage, null), StateFixture.Now);
        var half = Assert.Single(engine.ExportMoneyState().SenderJobs);
        Assert.True(half.NetworkPaymentResolved);
        Assert.False(half.ReplyPaymentResolved);
        engine.Handle(new PaymentChanged(_f.ReplyHash, InvoiceState.Settled, _f.ReplyPreimage, null), StateFixture.Now);

        Assert.Empty(engine.ExportMoneyState().SenderJobs);
    }

    [Fact]
    public void Restored_replier_settles_its_reply_invoice_with_the_published_preimage_even_without_a_worker_policy()
    {
        var engine = _f.Engine(_f.ReplierKey);
        var job = _f.ReplierJob();
        engine.ImportMoneyState(new NodeMoneyState([], [], [job]), StateFixture.Now);
        Assert.False(engine.IsWorker);

        var call = Assert.Single(engine.Handle(new IssuedInvoiceChanged(_f.ReplyHash, InvoiceState.Accepted, StateFixture.Now + 3_600_000), StateFixture.Now).OfType<CallSettler>());
        Assert.Equal(StateFixture.SettlerUri, call.SettlerUri);
        var statement = Assert.IsType<ReplyAcceptedRequest>(call.Request);
        Assert.Equal(_f.ReplyHash, statement.ReplyPaymentHash);
        Assert.Equal(StateFixture.Now + 3_600_000, statement.HoldUntilUnixMs);
        Assert.Equal(GigGossip.Protocol.Frames.ReplySignatures.InvoiceHash(job.ReplyInvoice), statement.ReplyInvoiceHash);
        Assert.True(statement.IsSignedBy(_f.ReplierKey.PublicKey));
        var settle = Assert.Single(engine.Handle(new SettlerReplied(call.CorrelationId, new PreimagePublished(_f.ReplyPreimage)), StateFixture.Now).OfType<SettleInvoice>());
        Assert.Equal(_f.ReplyPreimage, settle.Preimage);

        var settled = engine.Handle(new IssuedInvoiceChanged(_f.ReplyHash, InvoiceState.Settled, null), StateFixture.Now);
        Assert.Equal(25_000_000, Assert.Single(settled.OfType<EmitEvent>().Select(e => e.Event).OfType<MoneySettled>()).AmountMsat);
        Assert.Empty(engine.ExportMoneyState().ReplierJobs);
    }

    [Fact]
    public void Restored_middleman_ignores_a_stale_accepted_after_its_invoice_was_cancelled()
    {
        var engine = _f.Engine(_f.MiddlemanKey);
        engine.ImportMoneyState(new NodeMoneyState([_f.Route(paidDownstream: false)], [], []), StateFixture.Now);

        engine.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Cancelled, null), StateFixture.Now);
        var stale = engine.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Accepted, StateFixture.Now + 1_800_000), StateFixture.Now);

        Assert.Empty(stale.OfType<PayInvoice>());
        Assert.Empty(engine.ExportMoneyState().Routes);
    }

    [Fact]
    public void Import_into_an_engine_that_already_holds_money_state_is_refused()
    {
        var engine = _f.Engine(_f.MiddlemanKey);
        engine.ImportMoneyState(new NodeMoneyState([_f.Route(paidDownstream: false)], [], []), StateFixture.Now);

        Assert.Throws<InvalidOperationException>(() => engine.ImportMoneyState(new NodeMoneyState([], [], [_f.ReplierJob()]), StateFixture.Now));
    }
}
