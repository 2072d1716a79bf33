using GigGossip.Protocol.Bolt11;
using System.Globalization;
using System.Threading.Channels;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Storage;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>
/// Runs a <see cref="SettlerEngine"/> and its <see cref="SettlerAuthority"/> for real: one mailbox loop
/// (a <see cref="Channel{T}"/>) is the only code that touches them; the clock is a <see cref="TimeProvider"/>;
/// every state change is saved to the <see cref="ISettlerStore"/> before its effects are carried out (answers
/// sent, invoices created, settled or cancelled on the wallet, timers armed); wallet events and watched
/// reply invoices come back as engine inputs. The in-process <see cref="ISettlerApi"/>; the HTTP service
/// and <see cref="Client.SettlerHttpClient"/> put the same API on the network.
/// </summary>
public sealed partial class SettlerHost : ISettlerApi, IAsyncDisposable
{
    private readonly Channel<Func<ValueTask>> _mailbox = Channel.CreateUnbounded<Func<ValueTask>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly SettlerEngine _engine;
    private readonly SettlerAuthority _authority;
    private readonly ISettlerStore _store;
    private readonly IHodlWallet _wallet;
    private readonly SettlerHostOptions _options;
    private readonly ILogger _log;
    private readonly Dictionary<string, TaskCompletionSource<SettlerResponse>> _calls = [];
    private SharedSettler? _shared;
    private Task _loop = Task.CompletedTask;
    private Task _walletPump = Task.CompletedTask;
    private long _nextCallId;
    private string? _failure;

    private SettlerHost(SettlerEngine engine, ISettlerStore store, IHodlWallet wallet, SettlerHostOptions options)
    {
        _engine = engine;
        _authority = engine.Authority;
        _store = store;
        _wallet = wallet;
        _options = options;
        _log = options.Logger;
    }

    public string Uri => _engine.Uri;

    public PublicKey PublicKey => _engine.PublicKey;

    /// <summary>The settler's account on its wallet (where its network fees arrive).</summary>
    public string WalletAccount => _wallet.AccountId;

    /// <summary>
    /// Loads the settler from <paramref name="store"/> (a new key on first start), opens its wallet account with
    /// <paramref name="openWallet"/> (given the settler's key) and starts. The host owns the store and the wallet.
    /// </summary>
    public static async Task<SettlerHost> StartAsync(ISettlerStore store, Func<SecretKey, IHodlWallet> openWallet, SettlerHostOptions options,
        CancellationToken cancellationToken = default)
    {
        if (options.Policy.Problems() is { Count: > 0 } problems)
            throw new ArgumentException($"the settler policy's deadlines disagree: {string.Join("; ", problems)}", nameof(options));
        if (store is PostgresSettlerStore postgres) return await StartSharedAsync(postgres, openWallet, options, cancellationToken);
        var snapshot = await store.LoadAsync(cancellationToken);
        var key = snapshot.Key ?? SecretKey.Generate();
        var uri = options.Uri ?? snapshot.Uri ?? throw new ArgumentException("a new settler needs a URI", nameof(options));
        if (snapshot.Key is null || snapshot.Uri != uri) await store.SaveIdentityAsync(key, uri, cancellationToken);
        var authority = new SettlerAuthority(key, uri, options.Policy.RevocationListValidityMs);
        authority.Restore(snapshot.Subjects, snapshot.Certificates.Select(c => new IssuedCertificateRecord(Google.Protobuf.ByteString.CopyFrom(c.Serial), c.Subject, c.Revoked))
            .Concat(snapshot.OneTimeCertificates.Select(c => new IssuedCertificateRecord(Google.Protobuf.ByteString.CopyFrom(c.Serial), c.Subject, c.Revoked, OneTime: true))));
        var engine = new SettlerEngine(key, uri, options.Policy, authority);
        engine.Restore(snapshot.Engine, options.Time.GetUtcNow().ToUnixTimeMilliseconds());
        var host = new SettlerHost(engine, store, openWallet(key), options);
        host.Resume(snapshot);
        return host;
    }

    /// <summary>
    /// A settler process on a PostgreSQL database that others may share: no mailbox and no engine state of its own; each
    /// input is decided in its own transaction over the rows it locks (<see cref="SharedSettler"/>).
    /// </summary>
    private static async Task<SettlerHost> StartSharedAsync(PostgresSettlerStore store, Func<SecretKey, IHodlWallet> openWallet, SettlerHostOptions options,
        CancellationToken cancellationToken)
    {
        var (key, uri, otherUri) = await store.Shared.OpenIdentityAsync(options.Uri, cancellationToken);
        if (otherUri is not null)
            options.Logger.LogWarning("this settler process was started as {Other} but the shared database's settler is {Uri}; it serves as {Uri} (give every process the same publicUri)", otherUri, uri, uri);
        var engine = new SettlerEngine(key, uri, options.Policy, new SettlerAuthority(key, uri, options.Policy.RevocationListValidityMs));
        var host = new SettlerHost(engine, store, openWallet(key), options);
        host._shared = new SharedSettler(store.Shared, key, uri, host._wallet, options, host.Notify);
        host._shared.Start();
        return host;
    }

    /// <summary>Test hook: on a shared database, completes after this process's next timer poll (and prune); at once otherwise.</summary>
    internal Task WhenPolled() => _shared?.WhenPolled() ?? Task.CompletedTask;

    public Task<PublicKey> GetPublicKeyAsync(CancellationToken cancellationToken) => Task.FromResult(PublicKey);

    /// <summary>One protocol call; a refusal is a <see cref="SettlerRefused"/> answer, never an exception.</summary>
    public async Task<SettlerResponse> CallAsync(SettlerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_shared is not null) return await _shared.CallAsync(request, cancellationToken);
        var answer = new TaskCompletionSource<SettlerResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _mailbox.Writer.TryWrite(() =>
        {
            if (_failure is not null)
            {
                answer.TrySetResult(new SettlerRefused(SettlerRefusal.NotYet, _failure));
                return ValueTask.CompletedTask;
            }
            var callId = (++_nextCallId).ToString(CultureInfo.InvariantCulture);
            _calls[callId] = answer;
            return HandleAsync(new SettlerCallReceived(callId, request));
        });
        if (!queued) return new SettlerRefused(SettlerRefusal.NotYet, "the settler is stopped");
        return await answer.Task.WaitAsync(cancellationToken);
    }

    public Task<SignedRevocationList> GetRevocationListAsync(CancellationToken cancellationToken) => _shared is not null
        ? _shared.RevocationListAsync(cancellationToken)
        : Ask(() => ValueTask.FromResult(_authority.RevocationList(NowMs))).WaitAsync(cancellationToken);

    /// <summary>Every reply and job as saved (for inspection and tests).</summary>
    public Task<SettlerEngineState> ExportAsync(CancellationToken cancellationToken = default) => _shared is not null
        ? _shared.ExportAsync(cancellationToken)
        : Ask(() => ValueTask.FromResult(_engine.Export())).WaitAsync(cancellationToken);

    private long NowMs => _options.Time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Resume(SettlerSnapshot snapshot)
    {
        RememberCertificates(snapshot.Certificates);
        RememberOneTime(snapshot.OneTimeCertificates);
        foreach (var timer in snapshot.Timers) Arm(timer.Id, timer.AtUnixMs);
        RedoWalletCalls(snapshot.Engine.Jobs);
        _loop = Task.Run(RunLoopAsync);
        _walletPump = Task.Run(PumpWalletEventsAsync);
    }

    private async Task RunLoopAsync()
    {
        await foreach (var work in _mailbox.Reader.ReadAllAsync())
        {
            try
            {
                await work();
            }
            catch (Exception e)
            {
                _log.LogError(e, "settler work item failed");
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on the loop and returns its result.</summary>
    private Task<T> Ask<T>(Func<ValueTask<T>> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_mailbox.Writer.TryWrite(async () =>
            {
                try { result.TrySetResult(await work()); }
                catch (Exception e) { result.TrySetException(e); }
            }))
            result.TrySetException(new ObjectDisposedException(nameof(SettlerHost), "the settler is stopped"));
        return result.Task;
    }

    private void Tell(Func<ValueTask> work) => _mailbox.Writer.TryWrite(work);

    private void Tell(EngineInput input) => Tell(() => HandleAsync(input));

    /// <summary>On the loop: the engine handles the input, its changes are saved, then its effects are carried out.</summary>
    private async ValueTask HandleAsync(EngineInput input)
    {
        IReadOnlyList<EngineEffect> effects;
        try
        {
            effects = _engine.Handle(input, NowMs);
        }
        catch (Exception e) when (input is SettlerCallReceived call && e is ArgumentException or NullReferenceException or InvalidOperationException)
        {
            _log.LogWarning("settler call {Request} could not be handled: {Message}", call.Request.GetType().Name, e.Message);
            Complete(call.CallId, new SettlerRefused(SettlerRefusal.BadRequest, $"the request could not be handled: {e.Message}"));
            return;
        }
        var changes = new SettlerChanges
        {
            Engine = _engine.TakeChanges(),
            OneTimeCertificates = IssuedOneTime(input, effects),
            TimersSet = [.. effects.OfType<SetTimer>().Select(t => new StoredTimer(t.TimerId, t.AtUnixMs))],
            TimersFired = input is TimerFired fired ? [fired.TimerId] : [],
        };
        if (!await SaveAsync(changes))
        {
            foreach (var respond in effects.OfType<RespondToCall>()) Complete(respond.CallId, new SettlerRefused(SettlerRefusal.NotYet, _failure!));
            return;
        }
        RememberOneTime(changes.OneTimeCertificates);
        foreach (var point in CrashPoints(input, effects)) CrashPoint.Reach(point);
        foreach (var effect in effects) Execute(effect);
        Notify(input);
    }

    /// <summary>Where the crash-safety tests can kill the settler: just after a change is saved, before its effects.</summary>
    internal static IEnumerable<string> CrashPoints(EngineInput input, IReadOnlyList<EngineEffect> effects)
    {
        if (input is IssuedInvoiceChanged { State: InvoiceState.Accepted }) yield return "settler.network-accepted";
        if (input is SettlerCallReceived { Request: ReplyAcceptedRequest }) yield return "settler.reply-accepted";
        if (input is SettlerCallReceived { Request: KeyRevealRequest }) yield return "settler.key-revealed";
        if (effects.Any(e => e is SettleInvoice)) yield return "settler.settled";
        if (effects.Any(e => e is CancelInvoice)) yield return "settler.cancelled";
    }

    private readonly List<(Func<EngineInput, bool> Match, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Test hook: completes once the loop has handled (and saved) an input matching <paramref name="match"/>.</summary>
    internal Task WhenHandled(Func<EngineInput, bool> match)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters) _waiters.Add((match, done));
        return done.Task;
    }

    /// <summary>Test hook: every input the host has handled (and saved), as it is handled; a timer here fired at this process.</summary>
    internal event Action<EngineInput>? Handled;

    private void Notify(EngineInput input)
    {
        Handled?.Invoke(input);
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(input)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    /// <summary>Saves a batch; on failure the host stops taking calls (its memory is ahead of its database).</summary>
    private async ValueTask<bool> SaveAsync(SettlerChanges changes)
    {
        if (_failure is not null) return false;
        try
        {
            await _store.SaveAsync(changes, _stopping.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogCritical(e, "the settler could not save its state and stops taking calls");
            _failure = $"the settler could not save its state ({e.Message}); it needs its operator";
            return false;
        }
    }

    private void Complete(string callId, SettlerResponse response)
    {
        if (_calls.Remove(callId, out var answer)) answer.TrySetResult(response);
    }

    public async ValueTask DisposeAsync()
    {
        if (_shared is not null)
        {
            if (!_mailbox.Writer.TryComplete()) return;
            await _stopping.CancelAsync();
            await _shared.DisposeAsync();
            await _store.DisposeAsync();
            (_wallet as IDisposable)?.Dispose();
            _stopping.Dispose();
            return;
        }
        if (!_mailbox.Writer.TryComplete()) return;
        await _loop;
        await _stopping.CancelAsync();
        try { await _walletPump; }
        catch (OperationCanceledException) { }
        foreach (var timer in _timers.Values) timer.Dispose();
        foreach (var answer in _calls.Values) answer.TrySetResult(new SettlerRefused(SettlerRefusal.NotYet, "the settler stopped"));
        await _store.DisposeAsync();
        (_wallet as IDisposable)?.Dispose();
        _stopping.Dispose();
    }
}
