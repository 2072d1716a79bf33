using System.Collections.Concurrent;
using GigGossip.Lnd.Rest;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd;

/// <summary>
/// <see cref="IHodlWallet"/> over one LND node's REST API (v0.18+): hold invoices through invoicesrpc
/// (AddHoldInvoice, SettleInvoice, CancelInvoice, LookupInvoiceV2, SubscribeSingleInvoice), payments through routerrpc
/// (SendPaymentV2, TrackPaymentV2) with a fee limit and a CLTV limit taken from the payer's hold deadline, DecodePayReq,
/// and the channel balance. It sees only what LND shows its own node: its invoices and its payments. Every invoice it
/// issued or looked up and every payment it made or tracked is followed on a stream, resubscribed after LND restarts,
/// and reported once per state change on <see cref="WatchAsync"/>.
/// </summary>
public sealed partial class LndHodlWallet : IHodlWallet, IDisposable
{
    private readonly LndRestClient _client;
    private readonly LndWalletOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<PaymentHash, byte> _cancelledHere = new();

    private LndHodlWallet(LndRestClient client, LndWalletOptions options, TimeProvider time, string nodeId)
    {
        _client = client;
        _options = options;
        _time = time;
        NodeId = nodeId;
        AccountId = options.AccountId ?? nodeId;
    }

    public string AccountId { get; }

    /// <summary>The LND node's identity key, hex.</summary>
    public string NodeId { get; }

    /// <summary>Connects (GetInfo: the node answers and the macaroon is good) and returns the wallet; owns the client from then on.</summary>
    public static async Task<LndHodlWallet> ConnectAsync(LndRestClient client, LndWalletOptions? options = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new LndWalletOptions();
        LnGetInfo info;
        try
        {
            info = await client.GetAsync<LnGetInfo>("/v1/getinfo", cancellationToken);
        }
        catch (Exception e) when (e is LndApiException or LndUnreachableException)
        {
            throw LndErrors.Map(e, "connecting to lnd");
        }
        if (string.IsNullOrEmpty(info.IdentityPubkey)) throw new WalletException(WalletError.Unreachable, "lnd's getinfo named no identity key");
        return new LndHodlWallet(client, options, time ?? TimeProvider.System, info.IdentityPubkey);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    public Task<long> GetBalanceAsync(CancellationToken cancellationToken = default) => Call("reading the channel balance", async () =>
    {
        var balance = await _client.GetAsync<LnChannelBalance>("/v1/balance/channels", cancellationToken);
        return balance.LocalBalance?.Msat ?? 0;
    });

    /// <summary>Money in this node's outgoing HTLCs not yet settled or failed (ChannelBalance's unsettled_local_balance).</summary>
    public Task<long> GetHeldOutgoingAsync(CancellationToken cancellationToken = default) => Call("reading the channel balance", async () =>
        (await _client.GetAsync<LnChannelBalance>("/v1/balance/channels", cancellationToken)).UnsettledLocalBalance?.Msat ?? 0);

    /// <summary>The chain height LND is at (GetInfo's block_height).</summary>
    public Task<int> GetBlockHeightAsync(CancellationToken cancellationToken = default) => Call("reading the block height", async () =>
        (await _client.GetAsync<LnGetInfo>("/v1/getinfo", cancellationToken)).BlockHeight);

    public Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default) => Call("adding a hold invoice", async () =>
    {
        ArgumentNullException.ThrowIfNull(request.PaymentHash);
        if (request.AmountMsat <= 0) throw new WalletException(WalletError.InvalidAmount, $"amount must be positive, got {request.AmountMsat} msat");
        if (request.ExpirySeconds is < 1 or > Payments.Ledger.HodlTiming.MaxExpirySeconds)
            throw new WalletException(WalletError.InvalidArgument, $"expiry must be 1-{Payments.Ledger.HodlTiming.MaxExpirySeconds} seconds");
        var limits = _options.Limits;
        if (request.MinFinalCltvExpiryDelta < limits.MinFinalCltvExpiryDelta || request.MinFinalCltvExpiryDelta + limits.BlockPadding > limits.MaxCltvExpiry)
            throw new WalletException(WalletError.InvalidArgument,
                $"min_final_cltv_expiry_delta must be {limits.MinFinalCltvExpiryDelta}-{limits.MaxCltvExpiry - limits.BlockPadding} blocks on lnd, got {request.MinFinalCltvExpiryDelta}");
        await _client.PostAsync<LnAddHoldInvoiceResponse>("/v2/invoices/hodl",
            new LnAddHoldInvoiceRequest(request.Description, request.PaymentHash.ToArray(), request.AmountMsat, request.ExpirySeconds, request.MinFinalCltvExpiryDelta),
            cancellationToken);
        var invoice = await LookupAsync(request.PaymentHash, cancellationToken)
            ?? throw new WalletException(WalletError.Unreachable, $"lnd added the invoice on {request.PaymentHash} but cannot find it");
        FollowInvoice(invoice);
        return invoice;
    });

    public Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Call("looking up an invoice", async () =>
    {
        var invoice = await LookupAsync(paymentHash, cancellationToken);
        if (invoice is not null) FollowInvoice(invoice);
        return invoice;
    });

    public Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default) => Call("settling an invoice", async () =>
    {
        var invoice = await RequireInvoiceAsync(paymentHash, cancellationToken);
        if (!preimage.Matches(paymentHash)) throw new WalletException(WalletError.WrongPreimage, $"SHA256 of the preimage is not payment hash {paymentHash}");
        switch (invoice.State)
        {
            case InvoiceState.Open: throw new WalletException(WalletError.NotAccepted, "invoice is not paid yet: only an Accepted invoice can be settled");
            case InvoiceState.Settled: throw new WalletException(WalletError.AlreadySettled, "invoice is already settled");
            case InvoiceState.Cancelled: throw new WalletException(WalletError.AlreadyCancelled, "invoice is cancelled");
        }
        await _client.PostAsync<LnEmpty>("/v2/invoices/settle", new LnSettleInvoiceRequest(preimage.ToArray()), cancellationToken);
        return await RequireInvoiceAsync(paymentHash, cancellationToken);
    });

    public Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Call("cancelling an invoice", async () =>
    {
        var invoice = await RequireInvoiceAsync(paymentHash, cancellationToken);
        if (invoice.State == InvoiceState.Settled) throw new WalletException(WalletError.AlreadySettled, "invoice is already settled");
        if (invoice.State == InvoiceState.Cancelled) throw new WalletException(WalletError.AlreadyCancelled, "invoice is already cancelled");
        _cancelledHere[paymentHash] = 0;
        await _client.PostAsync<LnEmpty>("/v2/invoices/cancel", new LnCancelInvoiceRequest(paymentHash.ToArray()), cancellationToken);
        return await RequireInvoiceAsync(paymentHash, cancellationToken);
    });

    private async Task<HodlInvoice> RequireInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken) =>
        await LookupAsync(paymentHash, cancellationToken)
        ?? throw new WalletException(WalletError.UnknownInvoice, $"lnd has no invoice on payment hash {paymentHash}");

    /// <summary>LookupInvoiceV2 by payment hash; null when LND has none (404 code 5, or 500 "unable to locate invoice" on a node with no invoices yet).</summary>
    private async Task<HodlInvoice?> LookupAsync(PaymentHash paymentHash, CancellationToken cancellationToken)
    {
        try
        {
            var invoice = await _client.GetAsync<LnInvoice>("/v2/invoices/lookup?payment_hash=" + LndJson.UrlBytes(paymentHash.ToArray()), cancellationToken);
            return ToInvoice(invoice);
        }
        catch (LndApiException e) when (IsUnknownInvoice(e))
        {
            return null;
        }
    }

    private static bool IsUnknownInvoice(LndApiException e) =>
        e.Code == LndApiException.NotFound || e.LndMessage.Contains("unable to locate invoice", StringComparison.OrdinalIgnoreCase)
                                           || e.LndMessage.Contains("no existing invoices", StringComparison.OrdinalIgnoreCase);

    private HodlInvoice ToInvoice(LnInvoice invoice) =>
        LndMapping.ToInvoice(invoice, AccountId, _options.Limits, Now, invoice.RHash is { Length: 32 } h && _cancelledHere.ContainsKey(PaymentHash.FromBytes(h)));

    private static async Task<T> Call<T>(string doing, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is LndApiException or LndUnreachableException)
        {
            throw LndErrors.Map(e, doing);
        }
    }
}
