using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Chain;

/// <summary>
/// <see cref="IChainSource"/> over Bitcoin Core's JSON-RPC (getblockcount, getblockhash, getblock, getrawtransaction,
/// gettxspendingprevout (Bitcoin Core 24 and later; older nodes just show no mempool spends), sendrawtransaction).
/// getrawtransaction finds confirmed transactions that are not the wallet's only when bitcoind runs with -txindex.
/// </summary>
public sealed class BitcoinCoreRpcChainSource : IChainSource
{
    private const int NoSuchTransaction = -5;
    private const int MethodNotFound = -32601;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly BitcoinRpcCredentials _credentials;
    private long _nextId;

    /// <param name="endpoint">For example http://127.0.0.1:18443/ (regtest), :18332 (testnet), :8332 (mainnet).</param>
    /// <param name="http">Shared client; its Timeout bounds each call.</param>
    public BitcoinCoreRpcChainSource(Uri endpoint, BitcoinRpcCredentials credentials, HttpClient http)
    {
        if (endpoint.Scheme is not ("http" or "https")) throw new ArgumentException($"RPC endpoint must be http(s), got {endpoint}", nameof(endpoint));
        _endpoint = endpoint;
        _credentials = credentials;
        _http = http;
    }

    public async Task<int> GetBlockCountAsync(CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("getblockcount", [], cancellationToken);
        return result is JsonValue value && value.TryGetValue<int>(out var height) && height >= 0
            ? height
            : throw BadResponse("getblockcount", "result is not a block height");
    }

    public async Task<string> GetBlockHashAsync(int height, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var result = await CallAsync("getblockhash", [height], cancellationToken);
        if (result is not JsonValue value || !value.TryGetValue<string>(out var hash) || !IsHash(hash))
            throw BadResponse("getblockhash", "result is not a block hash");
        return hash;
    }

    public async Task<ChainBlock> GetBlockAsync(string blockHash, CancellationToken cancellationToken = default)
    {
        Hex.Parse(blockHash, "block hash", 32);
        var result = await CallAsync("getblock", [blockHash, 2], cancellationToken);
        if (result is not JsonObject block || block["tx"] is not JsonArray entries
            || block["height"] is not JsonValue h || !h.TryGetValue<int>(out var height)
            || block["hash"] is not JsonValue k || !k.TryGetValue<string>(out var hash) || !string.Equals(hash, blockHash.Trim(), StringComparison.OrdinalIgnoreCase))
            throw BadResponse("getblock", "result is not the block asked for with its height and transactions");
        var transactions = new List<Transaction>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry is not JsonObject tx || tx["hex"] is not JsonValue hex || !hex.TryGetValue<string>(out var text))
                throw BadResponse("getblock", "a transaction has no hex (verbosity 2 needs Bitcoin Core 0.16 or later)");
            try
            {
                transactions.Add(TransactionHex.Parse(text));
            }
            catch (BitcoinFormatException e)
            {
                throw BadResponse("getblock", e.Message);
            }
        }
        return new ChainBlock(hash, height, transactions);
    }

    public async Task<ChainTransaction?> GetRawTransactionAsync(string txid, CancellationToken cancellationToken = default)
    {
        Hex.Parse(txid, "txid", 32);
        JsonNode? result;
        try
        {
            result = await CallAsync("getrawtransaction", [txid, true], cancellationToken);
        }
        catch (ChainSourceException e) when (e.RpcCode == NoSuchTransaction)
        {
            return null;
        }
        if (result is not JsonObject entry || entry["hex"]?.GetValueKind() != JsonValueKind.String)
            throw BadResponse("getrawtransaction", "result has no hex");
        Transaction transaction;
        try
        {
            transaction = TransactionHex.Parse(entry["hex"]!.GetValue<string>());
        }
        catch (BitcoinFormatException e)
        {
            throw BadResponse("getrawtransaction", e.Message);
        }
        if (!string.Equals(transaction.Txid, txid.Trim(), StringComparison.OrdinalIgnoreCase))
            throw BadResponse("getrawtransaction", $"asked for {txid}, got {transaction.Txid}");
        var confirmations = entry["confirmations"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 0;
        var blockHash = entry["blockhash"] is JsonValue b && b.TryGetValue<string>(out var hash) ? hash : null;
        return new ChainTransaction(transaction, confirmations, blockHash);
    }

    public async Task<string?> GetMempoolSpenderAsync(OutPoint outPoint, CancellationToken cancellationToken = default)
    {
        JsonNode? result;
        try
        {
            result = await CallAsync("gettxspendingprevout", [new JsonArray(new JsonObject { ["txid"] = outPoint.Txid, ["vout"] = outPoint.Index })], cancellationToken);
        }
        catch (ChainSourceException e) when (e.RpcCode == MethodNotFound)
        {
            return null;
        }
        if (result is not JsonArray { Count: 1 } entries || entries[0] is not JsonObject entry)
            throw BadResponse("gettxspendingprevout", "result is not one entry per outpoint");
        if (entry["spendingtxid"] is null) return null;
        return entry["spendingtxid"] is JsonValue v && v.TryGetValue<string>(out var txid) && IsHash(txid)
            ? txid
            : throw BadResponse("gettxspendingprevout", "spendingtxid is not a txid");
    }

    public async Task<string> SendRawTransactionAsync(string transactionHex, CancellationToken cancellationToken = default)
    {
        var transaction = TransactionHex.Parse(transactionHex);
        var result = await CallAsync("sendrawtransaction", [transaction.ToHex()], cancellationToken);
        if (result is not JsonValue value || !value.TryGetValue<string>(out var txid))
            throw BadResponse("sendrawtransaction", "result is not a txid");
        if (!string.Equals(txid, transaction.Txid, StringComparison.OrdinalIgnoreCase))
            throw BadResponse("sendrawtransaction", $"node reports txid {txid}, expected {transaction.Txid}");
        return txid;
    }

    private static bool IsHash(string text) => text.Length == 64 && text.All(Uri.IsHexDigit);

    private async Task<JsonNode?> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var body = new JsonObject { ["jsonrpc"] = "1.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _credentials.BasicAuthorization);
        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ChainSourceException(ChainSourceError.Unreachable,
                $"Bitcoin Core RPC at {_endpoint} is unreachable ({e.Message}): is bitcoind running with -server and the right -rpcport?", inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChainSourceException(ChainSourceError.Unreachable, $"Bitcoin Core RPC at {_endpoint} did not answer {method} in time", inner: e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new ChainSourceException(ChainSourceError.Unauthorized, $"Bitcoin Core RPC at {_endpoint} rejected the credentials: check rpcuser/rpcpassword or the cookie file");
            if (response.StatusCode == HttpStatusCode.Forbidden)
                throw new ChainSourceException(ChainSourceError.Unauthorized, $"Bitcoin Core RPC at {_endpoint} refused this client: check rpcallowip");
            return ReadResult(method, id, response.StatusCode, text);
        }
    }

    private static JsonNode? ReadResult(string method, long id, HttpStatusCode status, string text)
    {
        JsonObject reply;
        try
        {
            reply = JsonNode.Parse(text) as JsonObject ?? throw BadResponse(method, $"HTTP {(int)status} with a body that is not a JSON object");
        }
        catch (JsonException)
        {
            throw BadResponse(method, $"HTTP {(int)status} with a body that is not JSON");
        }
        if (reply["error"] is JsonObject error)
        {
            var code = error["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 0;
            var message = error["message"] is JsonValue m && m.TryGetValue<string>(out var s) ? s : "(no message)";
            throw new ChainSourceException(ChainSourceError.Rpc, $"Bitcoin Core {method} failed: {message} (RPC error {code})", code);
        }
        if (!reply.ContainsKey("result")) throw BadResponse(method, $"HTTP {(int)status} with neither result nor error");
        if (reply["id"] is not JsonValue replyId || !replyId.TryGetValue<long>(out var got) || got != id)
            throw BadResponse(method, "reply id does not match the request");
        return reply["result"];
    }

    private static ChainSourceException BadResponse(string method, string detail) =>
        new(ChainSourceError.BadResponse, $"Bitcoin Core {method} returned an unexpected answer: {detail}");
}
