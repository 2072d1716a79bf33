using System.Net.Http.Json;
using GigGossip.Lnd.Rest;
using GigGossip.Lnd.Tests.Contract;
using GigGossip.Lnd.Tests.Double;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd.Tests;

/// <summary>The backend's guards (pinned TLS, macaroon, hold limits) and the double's faithfulness to LND's REST traps.</summary>
public sealed class LndBackendTests : IAsyncLifetime
{
    private LndDoubleWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await LndDoubleWorld.StartAsync();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Wrong_macaroon_is_refused_as_unauthorized()
    {
        var node = _world.IssuerNode;
        var connection = node.Connection with { MacaroonHex = Convert.ToHexStringLower(new byte[64]) };
        var refused = await Assert.ThrowsAsync<WalletException>(() => LndHodlWallet.ConnectAsync(new LndRestClient(connection), cancellationToken: Ct));
        Assert.Equal(WalletError.Unauthorized, refused.Error);
        Assert.True(node.Refused >= 1);
    }

    [Fact]
    public async Task Server_whose_certificate_is_not_the_pinned_one_is_not_trusted()
    {
        // The payer node's certificate pinned while talking to the issuer node: a man in the middle with another certificate.
        var connection = _world.IssuerNode.Connection with { TlsCertificate = _world.PayerNode.Certificate };
        var refused = await Assert.ThrowsAsync<WalletException>(() => LndHodlWallet.ConnectAsync(new LndRestClient(connection), cancellationToken: Ct));
        Assert.Equal(WalletError.Unreachable, refused.Error);
        Assert.Equal(0, _world.IssuerNode.Refused);
    }

    [Fact]
    public async Task Hold_that_cannot_fit_the_route_is_refused_before_any_money_moves()
    {
        var preimage = Preimage.Generate();
        var invoice = await _world.Issuer.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, 5_000_000, "x", 3600, 100), Ct);
        var holdUntil = _world.Now + Payments.Ledger.HodlTiming.Blocks(102);
        var refused = await Assert.ThrowsAsync<WalletException>(() => _world.Payer.PayAsync(invoice.Bolt11, holdUntil, Ct));
        Assert.Equal(WalletError.InvalidHold, refused.Error);
        Assert.Null(await _world.Payer.GetPaymentAsync(preimage.Hash, Ct));
        Assert.Equal(LndDoubleWorld.Funds, await _world.Payer.GetBalanceAsync(Ct));
    }

    [Fact]
    public async Task Issuer_settle_deadline_is_lnds_hold_expiry_delta_before_the_htlc_expires()
    {
        var preimage = Preimage.Generate();
        var invoice = await _world.Issuer.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, 5_000_000, "x", 3600, 40), Ct);
        var payment = await _world.Payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);
        var accepted = (await _world.Issuer.GetInvoiceAsync(preimage.Hash, Ct))!;
        var limits = LndLimits.Default;
        Assert.Equal(Payments.Ledger.HodlTiming.Blocks(40 + limits.BlockPadding - limits.HoldExpiryDelta), accepted.HoldDeadline - _world.Now);
        Assert.True(payment.HoldDeadline > accepted.HoldDeadline, "the payer's HTLC must outlive the issuer's settle deadline");
        await _world.ElapseBlocksAsync(40 + limits.BlockPadding - limits.HoldExpiryDelta - 1);
        Assert.Equal(InvoiceState.Accepted, (await _world.Issuer.GetInvoiceAsync(preimage.Hash, Ct))!.State);
        await _world.ElapseBlocksAsync(1);
        var cancelled = (await _world.Issuer.GetInvoiceAsync(preimage.Hash, Ct))!;
        Assert.Equal((InvoiceState.Cancelled, CancelReason.HoldDeadlinePassed), (cancelled.State, cancelled.CancelReason));
        await _world.AssertConservedAsync();
    }

    [Fact]
    public void Chain_deltas_shrink_toward_the_last_issuer_and_a_chain_too_long_for_lnd_is_refused()
    {
        var limits = LndLimits.Default;
        var deltas = LndHoldPlan.ChainCltvDeltas(5, 40, 40, limits);
        Assert.Equal(new[] { 212, 169, 126, 83, 40 }, deltas);
        var tooLong = Assert.Throws<WalletException>(() => LndHoldPlan.ChainCltvDeltas(60, 40, 40, limits));
        Assert.Equal(WalletError.InvalidHold, tooLong.Error);
        Assert.Equal(WalletError.InvalidHold, Assert.Throws<WalletException>(() => LndHoldPlan.ChainCltvDeltas(2, 10, 40, limits)).Error);
        var now = LndDoubleNetwork.T0;
        Assert.Equal(43, LndHoldPlan.CltvLimit(now, null, 40, limits));
        Assert.Equal(100, LndHoldPlan.CltvLimit(now, now + Payments.Ledger.HodlTiming.Blocks(100), 40, limits));
        Assert.Equal(WalletError.InvalidHold, Assert.Throws<WalletException>(() => LndHoldPlan.CltvLimit(now, now + Payments.Ledger.HodlTiming.Blocks(42), 40, limits)).Error);
        Assert.Equal(WalletError.InvalidHold, Assert.Throws<WalletException>(() => LndHoldPlan.CltvLimit(now, now + Payments.Ledger.HodlTiming.Blocks(3000), 40, limits)).Error);
    }

    [Fact]
    public async Task Double_answers_lnds_traps_unknown_fields_hash_encodings_and_error_bodies()
    {
        var node = _world.IssuerNode;
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c!.GetRawCertData().AsSpan().SequenceEqual(node.Certificate.RawData) },
        });
        http.DefaultRequestHeaders.Add("Grpc-Metadata-macaroon", node.MacaroonHex);
        var preimage = Preimage.Generate();
        var hash = preimage.Hash.ToArray();

        var unknown = await http.PostAsJsonAsync(node.RestUrl + "v2/invoices/hodl", new { hash = Convert.ToBase64String(hash), value_msat = "1000", color = "red" }, Ct);
        Assert.Equal(400, (int)unknown.StatusCode);
        Assert.Contains("unknown field", await unknown.Content.ReadAsStringAsync(Ct));

        var hex = await http.PostAsJsonAsync(node.RestUrl + "v2/invoices/hodl", new { hash = Convert.ToHexString(hash), value_msat = "1000" }, Ct);
        Assert.Equal(500, (int)hex.StatusCode);
        Assert.Contains("invalid hash length of 48", await hex.Content.ReadAsStringAsync(Ct));

        var added = await http.PostAsJsonAsync(node.RestUrl + "v2/invoices/hodl", new { hash = Convert.ToBase64String(hash), value_msat = "1000", cltv_expiry = "40" }, Ct);
        Assert.Equal(200, (int)added.StatusCode);
        var duplicate = await http.PostAsJsonAsync(node.RestUrl + "v2/invoices/hodl", new { hash = Convert.ToBase64String(hash), value_msat = "1000" }, Ct);
        Assert.Equal(409, (int)duplicate.StatusCode);
        Assert.Equal(6, (await duplicate.Content.ReadFromJsonAsync<LndStatusBody>(Ct))!.code);

        var padded = Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_');
        Assert.Equal(200, (int)(await http.GetAsync(node.RestUrl + "v2/invoices/lookup?payment_hash=" + Uri.EscapeDataString(padded), Ct)).StatusCode);
        Assert.Equal(400, (int)(await http.GetAsync(node.RestUrl + "v2/invoices/lookup?payment_hash=" + padded.TrimEnd('='), Ct)).StatusCode);
        var lookup = await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(node.RestUrl + "v2/invoices/lookup?payment_hash=" + Uri.EscapeDataString(padded), Ct);
        Assert.Equal(("OPEN", "1000", Convert.ToBase64String(hash)), ((string?)lookup!["state"], (string?)lookup["value_msat"], (string?)lookup["r_hash"]));

        var settleOpen = await http.PostAsJsonAsync(node.RestUrl + "v2/invoices/settle", new { preimage = Convert.ToBase64String(preimage.ToArray()) }, Ct);
        Assert.Equal(500, (int)settleOpen.StatusCode);
        Assert.Contains("invoice still open", await settleOpen.Content.ReadAsStringAsync(Ct));

        var other = Preimage.Generate().Hash.ToArray();
        var missing = await http.GetAsync(node.RestUrl + "v2/router/track/" + Convert.ToBase64String(other).Replace('+', '-').Replace('/', '_') + "?no_inflight_updates=false", Ct);
        Assert.Equal(404, (int)missing.StatusCode);

        http.DefaultRequestHeaders.Remove("Grpc-Metadata-macaroon");
        var anonymous = await http.GetAsync(node.RestUrl + "v1/getinfo", Ct);
        Assert.Equal((500, 2), ((int)anonymous.StatusCode, (await anonymous.Content.ReadFromJsonAsync<LndStatusBody>(Ct))!.code));
    }

    [Fact]
    public async Task Connects_from_the_files_lnd_writes_a_binary_macaroon_and_a_pem_tls_cert()
    {
        var dir = Directory.CreateTempSubdirectory("gg-lnd-files-").FullName;
        try
        {
            var node = _world.IssuerNode;
            File.WriteAllBytes(Path.Combine(dir, "admin.macaroon"), Convert.FromHexString(node.MacaroonHex));
            File.WriteAllText(Path.Combine(dir, "tls.cert"), node.Certificate.ExportCertificatePem());
            var connection = LndConnection.FromFiles(node.RestUrl + "/", Path.Combine(dir, "admin.macaroon"), Path.Combine(dir, "tls.cert"));
            using var wallet = await LndHodlWallet.ConnectAsync(new LndRestClient(connection), cancellationToken: Ct);
            Assert.Equal(node.Identity, wallet.NodeId);
            Assert.Equal(0, await wallet.GetBalanceAsync(Ct));
            Assert.Throws<LndConfigException>(() => LndConnection.FromFiles(node.RestUrl.ToString(), Path.Combine(dir, "none.macaroon"), Path.Combine(dir, "tls.cert")));
            Assert.Throws<LndConfigException>(() => LndConnection.FromFiles(node.RestUrl.ToString(), Path.Combine(dir, "admin.macaroon"), Path.Combine(dir, "admin.macaroon")));
            Assert.Throws<LndConfigException>(() => LndConnection.ParseUrl("http://127.0.0.1:8080"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed record LndStatusBody(int code, string message);
}
