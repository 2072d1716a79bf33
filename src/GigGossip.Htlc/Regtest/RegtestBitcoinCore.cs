using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;
using NBitcoin;
using ScriptError = GigGossip.Htlc.Scripts.ScriptError;

namespace GigGossip.Htlc.Regtest;

/// <summary>
/// A small regtest-like stand-in for a remote bitcoind: HTTP/1.1 on 127.0.0.1 (port 0) speaking Bitcoin Core's
/// JSON-RPC 1.0 dialect (basic auth, HTTP 401 without body, HTTP 500 with an error object, 404 for unknown methods),
/// keeping a chain of blocks and a mempool that the test drives: <see cref="Mint"/> coins, <see cref="Mine"/> blocks,
/// <see cref="Reorg"/> blocks away. sendrawtransaction checks inputs exist and are unspent, finality of nLockTime,
/// P2WSH input scripts with the interpreter and that no money is made, answering with Core's error codes and reject
/// reasons. Blocks below the starting height exist but are empty. It is the chain of the tests and of
/// <c>giggossip demo --wallet htlc</c> (with <see cref="MineEachTransaction"/>, as bitcoind's regtest with a miner
/// watching the mempool); it is not a Bitcoin node: no proof of work, no peers, no consensus beyond what is listed.
/// </summary>
public sealed class RegtestBitcoinCore : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly string _authorization;
    private readonly object _gate = new();
    private readonly Dictionary<string, (Transaction Tx, int? Height)> _transactions = [];
    private readonly Dictionary<(string Txid, uint Index), TxOut> _unspent = [];
    private readonly List<string> _blockHashes = [];
    private readonly int _baseHeight;
    private int _blocksMade;

    public RegtestBitcoinCore(string user, string password, int height)
    {
        _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _baseHeight = height;
        Height = height;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Height { get; private set; }

    /// <summary>Satoshis created by <see cref="Mint"/>.</summary>
    public long Minted { get; private set; }

    /// <summary>Satoshis paid as fees by every transaction accepted by sendrawtransaction.</summary>
    public long FeesPaid { get; private set; }

    /// <summary>Median time past of the tip, against which time-locked transactions are final (BIP113).</summary>
    public long MedianTimePast { get; set; } = 1_700_000_000;

    /// <summary>Every call received, as (method, params).</summary>
    public List<(string Method, JsonArray Params)> Calls { get; } = [];

    /// <summary>Methods this node answers with "Method not found", as an older Bitcoin Core would.</summary>
    public HashSet<string> Unsupported { get; } = [];

    /// <summary>Methods whose calls are counted and then dropped with the connection unanswered (a node going away mid-call).</summary>
    public HashSet<string> Unanswered { get; } = [];

    /// <summary>Calls dropped unanswered because their method was in <see cref="Unanswered"/>.</summary>
    public int UnansweredCalls { get; private set; }

    /// <summary>When set, the next sendrawtransaction is refused with this RPC error.</summary>
    public (int Code, string Message)? RejectNextSend { get; set; }

    /// <summary>When set, the next sendrawtransaction is dropped and answered with garbage (a node that crashed mid-call).</summary>
    public bool LoseNextSend { get; set; }

    /// <summary>When set, every reply body is replaced by this text (to play a broken node).</summary>
    public string? GarbageReply { get; set; }

    /// <summary>When set, every transaction sendrawtransaction accepts is mined at once into a block of its own.</summary>
    public bool MineEachTransaction { get; set; }

    /// <summary>Puts a transaction in a new block without checks (a funding transaction from elsewhere).</summary>
    public void AddConfirmed(Transaction tx)
    {
        lock (_gate)
        {
            AppendBlock();
            Accept(tx, Height);
        }
    }

    /// <summary>Puts a coinbase-like transaction paying <paramref name="amount"/> to <paramref name="scriptPubKey"/> in the mempool.</summary>
    public Transaction Mint(byte[] scriptPubKey, long amount)
    {
        lock (_gate)
        {
            Minted += amount;
            var tag = BitConverter.GetBytes(Minted ^ ((long)_transactions.Count << 40));
            var tx = NBitcoin.Network.Main.CreateTransaction();
            tx.Version = 2;
            tx.Inputs.Add(new TxIn(new OutPoint(NBitcoin.uint256.Zero, uint.MaxValue), new NBitcoin.Script(tag)) { Sequence = BitcoinRules.FinalSequence });
            tx.Outputs.Add(NBitcoin.Money.Satoshis(amount), new NBitcoin.Script(scriptPubKey));
            Accept(tx, null);
            return tx;
        }
    }

    /// <summary>Mines the mempool into the next block, then <paramref name="count"/>-1 empty blocks.</summary>
    public void Mine(int count = 1)
    {
        lock (_gate)
        {
            AppendBlock();
            foreach (var (txid, entry) in _transactions.Where(t => t.Value.Height is null).ToList())
                _transactions[txid] = (entry.Tx, Height);
            for (var i = 1; i < count; i++) AppendBlock();
        }
    }

    /// <summary>Disconnects the last <paramref name="depth"/> blocks: their transactions go back to the mempool, as in Core.</summary>
    public void Reorg(int depth)
    {
        lock (_gate)
        {
            if (depth > _blockHashes.Count) throw new ArgumentOutOfRangeException(nameof(depth), "cannot disconnect blocks below the starting height");
            Height -= depth;
            _blockHashes.RemoveRange(_blockHashes.Count - depth, depth);
            foreach (var (txid, entry) in _transactions.Where(t => t.Value.Height > Height).ToList())
                _transactions[txid] = (entry.Tx, null);
        }
    }

    /// <summary>Confirmations of a transaction: 0 in the mempool, null when unknown.</summary>
    public int? ConfirmationsOf(string txid)
    {
        lock (_gate)
            return _transactions.TryGetValue(txid, out var entry) ? entry.Height is { } h ? Height - h + 1 : 0 : null;
    }

    /// <summary>Satoshis in unspent outputs (mempool included) paying to <paramref name="scriptPubKey"/>, or to anything when null.</summary>
    public long UnspentTo(byte[]? scriptPubKey = null)
    {
        lock (_gate)
            return _unspent.Values.Where(o => scriptPubKey is null || o.ScriptBytes.AsSpan().SequenceEqual(scriptPubKey)).Sum(o => o.Satoshis);
    }

    private void AppendBlock()
    {
        Height++;
        _blocksMade++;
        _blockHashes.Add(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"block {Height} #{_blocksMade}"))));
    }

    /// <summary>Blocks below the starting height have their height as hash; mined ones a hash of height and mining order.</summary>
    private string HashAt(int height) => height <= _baseHeight ? height.ToString("x64") : _blockHashes[height - _baseHeight - 1];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var (headers, body) = await ReadRequestAsync(stream);
            var (status, reply) = headers.TryGetValue("authorization", out var auth) && auth == _authorization
                ? Handle(body)
                : (401, "");
            if (status < 0) return;
            var bytes = Encoding.UTF8.GetBytes(GarbageReply ?? reply);
            var reason = status switch { 200 => "OK", 401 => "Unauthorized", 404 => "Not Found", _ => "Internal Server Error" };
            var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n";
            if (status == 401) head += "WWW-Authenticate: Basic realm=\"jsonrpc\"\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\n"));
            await stream.WriteAsync(bytes);
        }
    }

    private static async Task<(Dictionary<string, string> Headers, string Body)> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0) throw new IOException("client closed before the end of the headers");
            buffer.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        if (!lines[0].StartsWith("POST ", StringComparison.Ordinal)) throw new IOException($"expected POST, got {lines[0]}");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = new byte[int.Parse(headers["content-length"])];
        await stream.ReadExactlyAsync(body);
        return (headers, Encoding.UTF8.GetString(body));
    }

    private (int Status, string Body) Handle(string body)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        var id = request["id"]?.DeepClone();
        var method = request["method"]!.GetValue<string>();
        var parameters = request["params"]?.AsArray() ?? [];
        lock (_gate)
        {
            Calls.Add((method, (JsonArray)parameters.DeepClone()));
            if (Unanswered.Contains(method))
            {
                UnansweredCalls++;
                return (-1, "");
            }
            if (method == "sendrawtransaction" && LoseNextSend)
            {
                LoseNextSend = false;
                return (200, "{\"result\": tru");
            }
            try
            {
                if (Unsupported.Contains(method)) throw new RpcError(-32601, "Method not found");
                JsonNode? result = method switch
                {
                    "getblockcount" => NoParams(parameters, Height),
                    "getblockhash" => GetBlockHash(parameters),
                    "getblock" => GetBlock(parameters),
                    "getrawtransaction" => GetRawTransaction(parameters),
                    "gettxspendingprevout" => GetTxSpendingPrevout(parameters),
                    "sendrawtransaction" => SendRawTransaction(parameters),
                    _ => throw new RpcError(-32601, "Method not found"),
                };
                return (200, new JsonObject { ["result"] = result, ["error"] = null, ["id"] = id }.ToJsonString());
            }
            catch (RpcError e)
            {
                var error = new JsonObject { ["code"] = e.Code, ["message"] = e.Message };
                return (e.Code == -32601 ? 404 : 500, new JsonObject { ["result"] = null, ["error"] = error, ["id"] = id }.ToJsonString());
            }
        }
    }

    private static JsonNode NoParams(JsonArray parameters, int value) =>
        parameters.Count == 0 ? JsonValue.Create(value) : throw new RpcError(-1, "getblockcount takes no arguments");

    private JsonNode GetBlockHash(JsonArray parameters)
    {
        if (parameters.Count != 1 || parameters[0]?.GetValueKind() != System.Text.Json.JsonValueKind.Number)
            throw new RpcError(-1, "getblockhash height");
        var height = parameters[0]!.GetValue<int>();
        if (height < 0 || height > Height) throw new RpcError(-8, "Block height out of range");
        return JsonValue.Create(HashAt(height));
    }

    private JsonNode GetBlock(JsonArray parameters)
    {
        if (parameters.Count != 2 || parameters[0]?.GetValueKind() != System.Text.Json.JsonValueKind.String || parameters[1]?.ToJsonString() != "2")
            throw new RpcError(-1, "getblock \"blockhash\" 2 (this node serves verbosity 2 only)");
        var hash = parameters[0]!.GetValue<string>();
        var index = _blockHashes.IndexOf(hash);
        var height = index >= 0 ? _baseHeight + 1 + index
            : hash.Length == 64 && int.TryParse(hash.TrimStart('0'), System.Globalization.NumberStyles.HexNumber, null, out var h) && h <= _baseHeight && HashAt(h) == hash ? h
            : throw new RpcError(-5, "Block not found");
        var txs = new JsonArray();
        foreach (var (txid, entry) in _transactions.Where(t => t.Value.Height == height).OrderBy(t => t.Key, StringComparer.Ordinal))
            txs.Add(new JsonObject { ["txid"] = txid, ["hex"] = entry.Tx.ToHex() });
        return new JsonObject
        {
            ["hash"] = hash,
            ["confirmations"] = Height - height + 1,
            ["height"] = height,
            ["previousblockhash"] = height > 0 ? HashAt(height - 1) : null,
            ["tx"] = txs,
        };
    }

    private JsonNode GetTxSpendingPrevout(JsonArray parameters)
    {
        if (parameters.Count != 1 || parameters[0] is not JsonArray outpoints)
            throw new RpcError(-1, "gettxspendingprevout [{\"txid\":\"hex\",\"vout\":n},...]");
        var result = new JsonArray();
        foreach (var item in outpoints)
        {
            var txid = item!["txid"]!.GetValue<string>();
            var vout = item["vout"]!.GetValue<uint>();
            var entry = new JsonObject { ["txid"] = txid, ["vout"] = vout };
            var spender = _transactions.FirstOrDefault(t => t.Value.Height is null && t.Value.Tx.Inputs.Any(i => i.PrevOut.Txid == txid && i.PrevOut.Index == vout));
            if (spender.Key is not null) entry["spendingtxid"] = spender.Key;
            result.Add(entry);
        }
        return result;
    }

    private JsonNode GetRawTransaction(JsonArray parameters)
    {
        if (parameters.Count is < 1 or > 3 || parameters[0]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            throw new RpcError(-1, "getrawtransaction \"txid\" ( verbosity \"blockhash\" )");
        var txid = parameters[0]!.GetValue<string>();
        if (txid.Length != 64 || !txid.All(Uri.IsHexDigit)) throw new RpcError(-8, $"txid must be of length 64 (not {txid.Length}, for '{txid}')");
        var verbose = parameters.Count > 1 && parameters[1]?.GetValueKind() is System.Text.Json.JsonValueKind.True;
        if (!_transactions.TryGetValue(txid, out var entry))
            throw new RpcError(-5, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions.");
        if (!verbose) return JsonValue.Create(entry.Tx.ToHex());
        var json = new JsonObject
        {
            ["txid"] = entry.Tx.Txid,
            ["hash"] = entry.Tx.Wtxid,
            ["version"] = entry.Tx.Version,
            ["size"] = entry.Tx.ToBytes().Length,
            ["vsize"] = entry.Tx.VirtualSize,
            ["weight"] = entry.Tx.Weight,
            ["locktime"] = entry.Tx.LockTime.Value,
            ["hex"] = entry.Tx.ToHex(),
        };
        if (entry.Height is { } height)
        {
            json["blockhash"] = HashAt(height);
            json["confirmations"] = Height - height + 1;
        }
        return json;
    }

    private JsonNode SendRawTransaction(JsonArray parameters)
    {
        if (RejectNextSend is var (code, message))
        {
            RejectNextSend = null;
            throw new RpcError(code, message);
        }
        if (parameters.Count is < 1 or > 3) throw new RpcError(-1, "sendrawtransaction \"hexstring\" ( maxfeerate maxburnamount )");
        Transaction tx;
        try
        {
            tx = TransactionHex.Parse(parameters[0]!.GetValue<string>());
        }
        catch (Exception e) when (e is Bitcoin.BitcoinFormatException or InvalidOperationException)
        {
            throw new RpcError(-22, "TX decode failed. Make sure the tx has at least one input.");
        }
        if (_transactions.TryGetValue(tx.Txid, out var known))
        {
            if (known.Height is not null) throw new RpcError(-27, "Transaction already in block chain");
            return JsonValue.Create(tx.Txid);
        }
        var spent = new List<TxOut>();
        foreach (var input in tx.Inputs)
        {
            if (!_unspent.TryGetValue((input.PrevOut.Txid, input.PrevOut.Index), out var output))
                throw new RpcError(-25, "bad-txns-inputs-missingorspent");
            spent.Add(output);
        }
        if (!IsFinal(tx)) throw new RpcError(-26, "non-final");
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            var verdict = WitnessVerifier.Verify(tx, i, spent[i].ScriptBytes, spent[i].Satoshis);
            if (verdict != ScriptError.Ok)
                throw new RpcError(-26, $"mandatory-script-verify-flag-failed ({verdict})");
        }
        var fee = spent.Sum(o => o.Satoshis) - tx.Outputs.Sum(o => o.Satoshis);
        if (fee < 0) throw new RpcError(-26, "bad-txns-in-belowout");
        FeesPaid += fee;
        Accept(tx, null);
        if (MineEachTransaction) Mine();
        return JsonValue.Create(tx.Txid);
    }

    /// <summary>Core's IsFinalTx for the next block: height locks against the next height, time locks against the median time past.</summary>
    private bool IsFinal(Transaction tx)
    {
        var lockTime = tx.LockTime.Value;
        if (lockTime == 0) return true;
        var limit = lockTime < BitcoinRules.LocktimeThreshold ? Height + 1L : MedianTimePast;
        return lockTime < limit || tx.Inputs.All(i => i.Sequence.Value == BitcoinRules.FinalSequence);
    }

    private void Accept(Transaction tx, int? height)
    {
        foreach (var input in tx.Inputs) _unspent.Remove((input.PrevOut.Txid, input.PrevOut.Index));
        for (var n = 0; n < tx.Outputs.Count; n++) _unspent[(tx.Txid, (uint)n)] = tx.Outputs[n];
        _transactions[tx.Txid] = (tx, height);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }

    private sealed class RpcError(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }
}
