using System.Net;
using System.Net.Sockets;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Chain;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Regtest;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Chain;

public sealed class BitcoinCoreRpcChainSourceTests : IAsyncLifetime
{
    private const int StartHeight = 799_990;
    private readonly RegtestBitcoinCore _node = new("alice", "s3cret", StartHeight);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private BitcoinCoreRpcChainSource Source(string user = "alice", string password = "s3cret") =>
        new(_node.Endpoint, BitcoinRpcCredentials.FromUserPassword(user, password), _http);

    /// <summary>A confirmed transaction paying <see cref="HtlcFixture.Amount"/> into the fixture's contract.</summary>
    private static Transaction Funding(HtlcFixture fixture) => Txs.Create(2,
        [Txs.Input(Txs.Outpoint(new byte[32], 7), [], BitcoinRules.FinalSequence, [[0x01]])],
        [Txs.Output(HtlcFixture.Amount, fixture.Contract.ScriptPubKey)], 0);

    private static HtlcFunding FundingOutput(Transaction funding) => new(Txs.Outpoint(funding, 0), funding.Outputs[0].Satoshis);

    [Fact]
    public async Task Block_count_is_read_with_basic_auth_and_no_params()
    {
        Assert.Equal(StartHeight, await Source().GetBlockCountAsync(TestContext.Current.CancellationToken));
        var call = Assert.Single(_node.Calls);
        Assert.Equal("getblockcount", call.Method);
        Assert.Empty(call.Params);
    }

    [Fact]
    public async Task Unknown_transaction_is_null_and_a_confirmed_one_reports_its_depth()
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = new HtlcFixture();
        var funding = Funding(fixture);
        Assert.Null(await Source().GetRawTransactionAsync(funding.Txid, ct));
        _node.AddConfirmed(funding);
        _node.Mine(2);
        var found = await Source().GetRawTransactionAsync(funding.Txid, ct);
        Assert.NotNull(found);
        Assert.Equal(3, found.Confirmations);
        Assert.Equal(funding.ToHex(), found.Transaction.ToHex());
        Assert.NotNull(found.BlockHash);
        Assert.All(_node.Calls, c => Assert.Equal("getrawtransaction", c.Method));
        Assert.Equal($"[\"{funding.Txid}\",true]", _node.Calls[^1].Params.ToJsonString());
    }

    [Fact]
    public async Task Claim_is_broadcast_seen_in_the_mempool_then_confirmed()
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = new HtlcFixture();
        var funding = Funding(fixture);
        _node.AddConfirmed(funding);
        var claim = HtlcSpendBuilder.Claim(fixture.Contract, FundingOutput(funding), fixture.Preimage, fixture.Payee, HtlcFixture.Destination, new FeeRate(3));
        var source = Source();
        Assert.Equal(claim.Txid, await source.SendRawTransactionAsync(claim.ToHex(), ct));
        Assert.Equal("sendrawtransaction", _node.Calls[^1].Method);
        Assert.Equal(claim.ToHex(), _node.Calls[^1].Params[0]!.GetValue<string>());
        Assert.Equal(0, (await source.GetRawTransactionAsync(claim.Txid, ct))!.Confirmations);
        _node.Mine(1);
        Assert.Equal(1, (await source.GetRawTransactionAsync(claim.Txid, ct))!.Confirmations);
        var again = await Assert.ThrowsAsync<ChainSourceException>(() => source.SendRawTransactionAsync(claim.ToHex(), ct));
        Assert.Equal(-27, again.RpcCode);
    }

    [Fact]
    public async Task Node_rejects_a_refund_before_its_locktime_and_a_spend_of_a_spent_output()
    {
        var ct = TestContext.Current.CancellationToken;
        var fixture = new HtlcFixture(locktime: StartHeight + 10);
        var funding = Funding(fixture);
        _node.AddConfirmed(funding);
        var refund = HtlcSpendBuilder.Refund(fixture.Contract, FundingOutput(funding), fixture.Payer, HtlcFixture.Destination, new FeeRate(3));
        var early = await Assert.ThrowsAsync<ChainSourceException>(() => Source().SendRawTransactionAsync(refund.ToHex(), ct));
        Assert.Equal(ChainSourceError.Rpc, early.Error);
        Assert.Equal(-26, early.RpcCode);
        Assert.Contains("non-final", early.Message);
        _node.Mine(9);
        Assert.Equal(refund.Txid, await Source().SendRawTransactionAsync(refund.ToHex(), ct));
        var claim = HtlcSpendBuilder.Claim(fixture.Contract, FundingOutput(funding), fixture.Preimage, fixture.Payee, HtlcFixture.Destination, new FeeRate(3));
        var spent = await Assert.ThrowsAsync<ChainSourceException>(() => Source().SendRawTransactionAsync(claim.ToHex(), ct));
        Assert.Equal(-25, spent.RpcCode);
    }

    [Fact]
    public async Task Wrong_password_is_unauthorised_and_a_cookie_file_is_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var denied = await Assert.ThrowsAsync<ChainSourceException>(() => Source(password: "wrong").GetBlockCountAsync(ct));
        Assert.Equal(ChainSourceError.Unauthorized, denied.Error);
        Assert.Contains("rejected the credentials", denied.Message);

        await using var cookieNode = new RegtestBitcoinCore("__cookie__", "0a1b2c", 100);
        var cookie = Path.Combine(Path.GetTempPath(), $"giggossip-{Guid.NewGuid():N}.cookie");
        await File.WriteAllTextAsync(cookie, "__cookie__:0a1b2c", ct);
        try
        {
            var source = new BitcoinCoreRpcChainSource(cookieNode.Endpoint, BitcoinRpcCredentials.FromCookieFile(cookie), _http);
            Assert.Equal(100, await source.GetBlockCountAsync(ct));
        }
        finally
        {
            File.Delete(cookie);
        }
    }

    [Fact]
    public void Missing_or_malformed_cookie_file_says_what_to_check()
    {
        var missing = Assert.Throws<ChainSourceException>(() => BitcoinRpcCredentials.FromCookieFile("/nonexistent/.cookie"));
        Assert.Contains("is bitcoind running", missing.Message);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "no separator");
            Assert.Contains("not 'user:password'", Assert.Throws<ChainSourceException>(() => BitcoinRpcCredentials.FromCookieFile(file)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Closed_port_is_unreachable()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var source = new BitcoinCoreRpcChainSource(new Uri($"http://127.0.0.1:{port}/"), BitcoinRpcCredentials.FromUserPassword("a", "b"), _http);
        var error = await Assert.ThrowsAsync<ChainSourceException>(() => source.GetBlockCountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ChainSourceError.Unreachable, error.Error);
        Assert.Contains("unreachable", error.Message);
    }

    [Fact]
    public async Task Non_json_reply_is_a_bad_response()
    {
        _node.GarbageReply = "<html>proxy error</html>";
        var error = await Assert.ThrowsAsync<ChainSourceException>(() => Source().GetBlockCountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ChainSourceError.BadResponse, error.Error);
        _node.GarbageReply = "{\"result\":5,\"error\":null,\"id\":999}";
        var wrongId = await Assert.ThrowsAsync<ChainSourceException>(() => Source().GetBlockCountAsync(TestContext.Current.CancellationToken));
        Assert.Contains("id does not match", wrongId.Message);
    }

    [Fact]
    public async Task Malformed_txid_or_transaction_is_refused_before_any_call()
    {
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<BitcoinFormatException>(() => Source().GetRawTransactionAsync("abc", ct));
        await Assert.ThrowsAsync<BitcoinFormatException>(() => Source().SendRawTransactionAsync("00", ct));
        Assert.Empty(_node.Calls);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
    }
}
