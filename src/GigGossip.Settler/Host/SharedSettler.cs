using System.Globalization;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GigGossip.Settler.Host;

/// <summary>
/// A settler process among several that share one PostgreSQL database (docs/operator/settler-scale-out.md). It keeps no
/// job state in memory: each input (a call, a wallet event, a timer) runs in one transaction that locks the reply group it
/// is about (the reply row, FOR UPDATE), loads the group into a new <see cref="SettlerEngine"/>, lets it decide, saves the
/// group, its timers and nonces, and commits; only then are the effects carried out, each of them harmless when repeated
/// (a settle or cancel of the network invoice that was done already is taken as done). Every settle or cancel is guarded
/// by a timer saved with the decision, so if this process dies before the wallet call, whichever process runs the timers
/// next makes it. Timers fire once: the firing transaction locks the group, then the timer row, and deletes it.
/// </summary>
internal sealed partial class SharedSettler : IAsyncDisposable
{
    private readonly SharedSettlerDatabase _db;
    private readonly SecretKey _key;
    private readonly IHodlWallet _wallet;
    private readonly SettlerHostOptions _options;
    private readonly ILogger _log;
    private readonly Action<EngineInput> _handled;
    private readonly CancellationTokenSource _stopping = new();
    private long _nextCallId;

    public SharedSettler(SharedSettlerDatabase db, SecretKey key, string uri, IHodlWallet wallet, SettlerHostOptions options, Action<EngineInput> handled)
    {
        _db = db;
        _key = key;
        Uri = uri;
        _wallet = wallet;
        _options = options;
        _log = options.Logger;
        _handled = handled;
    }

    public string Uri { get; }

    private long NowMs => _options.Time.GetUtcNow().ToUnixTimeMilliseconds();

    private CancellationToken Stopping => _stopping.Token;

    public void Start()
    {
        _poll = _options.Time.CreateTimer(_ => _ = PollTimersAsync(), null, TimeSpan.Zero, _options.TimerPollInterval);
        _walletPump = Task.Run(PumpWalletEventsAsync);
    }

    /// <summary>One protocol call; a refusal is a <see cref="SettlerRefused"/> answer, never an exception.</summary>
    public async Task<SettlerResponse> CallAsync(SettlerRequest request, CancellationToken cancellationToken)
    {
        var callId = "c" + Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture);
        return await AnswerAsync(new SettlerCallReceived(callId, request), callId, cancellationToken);
    }

    /// <summary>The operator decides an open dispute (settle pays the driver, otherwise the sender is refunded).</summary>
    public Task<SettlerResponse> DecideAsync(byte[] networkPaymentHash, bool settle, CancellationToken cancellationToken)
    {
        var callId = "decide-" + Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture);
        return AnswerAsync(new OperatorDecision(callId, networkPaymentHash, settle), callId, cancellationToken);
    }

    private async Task<SettlerResponse> AnswerAsync(EngineInput input, string callId, CancellationToken cancellationToken)
    {
        try
        {
            var (engine, effects) = await HandleAsync(input, cancellationToken);
            if (effects.OfType<RespondToCall>().FirstOrDefault(r => r.CallId == callId) is { } answer) return answer.Response;
            if (engine is not null && effects.OfType<CreateInvoice>().FirstOrDefault(c => c.CorrelationId == new SettlerCallCorrelation(callId)) is { } create)
                return await IssueNetworkInvoiceAsync(engine, create, cancellationToken);
            return new SettlerRefused(SettlerRefusal.NotYet, "the settler gave no answer; ask again");
        }
        catch (Exception e) when (e is ArgumentException or NullReferenceException or InvalidOperationException && input is SettlerCallReceived call)
        {
            _log.LogWarning("settler call {Request} could not be handled: {Message}", call.Request.GetType().Name, e.Message);
            return new SettlerRefused(SettlerRefusal.BadRequest, $"the request could not be handled: {e.Message}");
        }
        catch (Exception e) when (e is SettlerStoreException or NpgsqlException)
        {
            _log.LogError("settler database: {Message}", e.Message);
            return new SettlerRefused(SettlerRefusal.NotYet, "the settler's database is not reachable now; ask again");
        }
    }

    /// <summary>
    /// The promise's network invoice is made on the wallet after the job is saved; the engine that made the promise answers
    /// with it. If the wallet refuses, the job is cancelled (its lock timer would cancel it anyway).
    /// </summary>
    private async Task<SettlerResponse> IssueNetworkInvoiceAsync(SettlerEngine engine, CreateInvoice create, CancellationToken cancellationToken)
    {
        EngineInput result;
        try
        {
            var invoice = await _wallet.CreateInvoiceAsync(EngineWalletStates.InvoiceRequest(create, NowMs, _options.InvoiceMinFinalCltvExpiryDelta), cancellationToken);
            result = new InvoiceCreated(create.CorrelationId, invoice.Bolt11);
        }
        catch (WalletException e)
        {
            result = new InvoiceCreationFailed(create.CorrelationId, e.Message);
        }
        var effects = engine.Handle(result, NowMs);
        if (result is InvoiceCreationFailed) await FireEarlyAsync("lock:" + Convert.ToHexStringLower(create.PaymentHash), cancellationToken);
        return effects.OfType<RespondToCall>().FirstOrDefault(r => create.CorrelationId == new SettlerCallCorrelation(r.CallId))?.Response
            ?? new SettlerRefused(SettlerRefusal.NotYet, "the settler gave no answer; ask again");
    }

    /// <summary>Handles one input in one transaction (again after a deadlock), then carries out its effects.</summary>
    private async Task<(SettlerEngine? Engine, IReadOnlyList<EngineEffect> Effects)> HandleAsync(EngineInput input, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await HandleOnceAsync(input, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 5)
            {
                _log.LogDebug("settler transaction retried after {State}", e.SqlState);
            }
        }
    }

    private async Task<(SettlerEngine? Engine, IReadOnlyList<EngineEffect> Effects)> HandleOnceAsync(EngineInput input, CancellationToken cancellationToken)
    {
        var now = NowMs;
        IReadOnlyList<EngineEffect> effects;
        SettlerEngine engine;
        List<StoredTimer> guards;
        await using (var connection = await _db.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var reply = await GroupOfAsync(transaction, input, cancellationToken);
            var readOnly = input is SettlerCallReceived { Request: PreimageRequest };
            var group = reply is null ? (new SettlerEngineState([], []), []) : await _db.LockGroupAsync(transaction, reply, now, cancellationToken, forUpdate: !readOnly);
            if (input is TimerFired due && !await _db.ClaimTimerAsync(transaction, due.TimerId, now, cancellationToken)) return (null, []);
            engine = await NewEngineAsync(connection, transaction, input, cancellationToken);
            engine.RestoreGroup(group.State, group.Nonces);
            effects = engine.Handle(input, now);
            var changed = !engine.TakeChanges().IsEmpty;
            if (readOnly && changed) throw new InvalidOperationException("a preimage request changed the settler's state");
            var timers = effects.OfType<SetTimer>().Select(t => new StoredTimer(t.TimerId, t.AtUnixMs)).ToList();
            guards = [.. WalletCallGuards(effects, now).Where(g => timers.All(t => t.Id != g.Id))];
            await SqlSettlerStore.WriteAsync(transaction, new SettlerChanges
            {
                Engine = changed ? engine.Export() : new SettlerEngineState([], []),
                TimersSet = [.. timers, .. guards],
                TimersFired = input is TimerFired fired ? [fired.TimerId] : [],
            }, cancellationToken);
            if (changed)
            {
                var loaded = group.State.Replies.Select(r => r.PaymentHash).Concat(group.State.Jobs.Select(j => j.NetworkPaymentHash)).Select(Convert.ToHexStringLower).ToHashSet();
                var saved = engine.Export();
                await _db.NoteMadeAsync(transaction, saved.Replies.Select(r => r.PaymentHash).Concat(saved.Jobs.Select(j => j.NetworkPaymentHash))
                    .Where(h => !loaded.Contains(Convert.ToHexStringLower(h))), now, cancellationToken);
                await _db.NoteMadeAsync(transaction, StoppedWaiting(group.State, saved), now, cancellationToken, again: true);
            }
            if (input is SettlerCallReceived { Request: KeyRevealRequest }) await _db.SaveNoncesAsync(transaction, engine.RevealNonces(), now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        foreach (var point in SettlerHost.CrashPoints(input, effects)) CrashPoint.Reach(point);
        foreach (var effect in effects) Execute(effect, guards);
        _handled(input);
        return (engine, effects);
    }

    /// <summary>
    /// The promises that were waiting for their money (Locking) before this input and are not now: their unused lifetime
    /// starts again, as the engine gives a waiting promise a new one, so a promise cancelled by its lock timer after its
    /// first lifetime is not forgotten the moment it is cancelled, whichever of the prune and the timer came first.
    /// </summary>
    private static IEnumerable<byte[]> StoppedWaiting(SettlerEngineState before, SettlerEngineState after)
    {
        var waiting = before.Jobs.Where(j => j.State == SettlerJobState.Locking).Select(j => Convert.ToHexStringLower(j.NetworkPaymentHash)).ToHashSet();
        return after.Jobs.Where(j => j.State != SettlerJobState.Locking && waiting.Contains(Convert.ToHexStringLower(j.NetworkPaymentHash))).Select(j => j.NetworkPaymentHash);
    }

    /// <summary>A new engine for one input; the revocation list (all that the authority is asked for) only where certificates are checked.</summary>
    private async Task<SettlerEngine> NewEngineAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EngineInput input, CancellationToken cancellationToken)
    {
        var authority = new SettlerAuthority(_key, Uri, _options.Policy.RevocationListValidityMs);
        if (input is SettlerCallReceived { Request: ReplyPaymentHashRequest or SettlementPromiseRequest })
            authority.Restore([], await _db.RevokedAsync(connection, transaction, cancellationToken));
        return new SettlerEngine(_key, Uri, _options.Policy, authority);
    }

    /// <summary>The reply group an input is about (its reply's payment hash), locked for this transaction by the caller; null when there is none.</summary>
    private async Task<string?> GroupOfAsync(NpgsqlTransaction transaction, EngineInput input, CancellationToken cancellationToken)
    {
        if (input is SettlerCallReceived { Request: ReplyPaymentHashRequest request })
        {
            if (PayloadIdOf(request) is not { } payloadId || request.Replier is null) return null;
            return await _db.LockReplyRequestAsync(transaction, payloadId, request.Replier, cancellationToken);
        }
        var hash = input switch
        {
            SettlerCallReceived { Request: var call } => call switch
            {
                SettlementPromiseRequest promise => InvoiceHashOf(promise.ReplyInvoice),
                KeyRevealRequest reveal => reveal.NetworkPaymentHash,
                JobReportRequest report => report.NetworkPaymentHash,
                PreimageRequest preimage => preimage.PaymentHash,
                ReplyAcceptedRequest accepted => accepted.ReplyPaymentHash,
                PickupReportRequest pickup => pickup.NetworkPaymentHash,
                DisputeStatementRequest statement => statement.NetworkPaymentHash,
                _ => null,
            },
            IssuedInvoiceChanged changed => changed.PaymentHash,
            TimerFired timer => JobOfTimer(timer.TimerId),
            InvoiceCallFailed failed => failed.PaymentHash,
            OperatorDecision decision => decision.NetworkPaymentHash,
            _ => null,
        };
        return hash is { Length: 32 } ? await _db.ReplyOfAsync(transaction, hash, cancellationToken) : null;
    }

    private static string? PayloadIdOf(ReplyPaymentHashRequest request)
    {
        try
        {
            return request.SignedRequest is { } signed ? Convert.ToHexStringLower(signed.ReadRequestPayload().PayloadId.Span) : null;
        }
        catch (Exception e) when (e is Protocol.Frames.FrameFormatException or Google.Protobuf.InvalidProtocolBufferException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[]? InvoiceHashOf(string? bolt11)
    {
        try
        {
            return bolt11 is null ? null : Bolt11Invoice.Decode(bolt11).PaymentHash.ToArray();
        }
        catch (Exception e) when (e is Bolt11FormatException or ArgumentException or CryptoException)
        {
            return null;
        }
    }

    /// <summary>The job a timer is for: its id is a prefix, a colon and the job's network payment hash in hex.</summary>
    internal static byte[]? JobOfTimer(string timerId)
    {
        var colon = timerId.IndexOf(':', StringComparison.Ordinal);
        var hex = colon < 0 ? "" : timerId[(colon + 1)..];
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync();
        if (_poll is not null) await _poll.DisposeAsync();
        try { await _walletPump; }
        catch (OperationCanceledException) { }
        lock (_armed)
        {
            foreach (var timer in _armed.Values) timer.Dispose();
            _armed.Clear();
        }
        _stopping.Dispose();
    }
}
