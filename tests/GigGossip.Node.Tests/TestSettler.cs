using System.Threading.Channels;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;
using GigGossip.Settler.Tests.Support;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Node.Tests;

/// <summary>
/// A settler in process for the daemon tests: the real <see cref="SettlerEngine"/> (and its certificate
/// authority) in a mailbox, its invoices on the real ledger, seen through <see cref="OwnInvoicesOnlyWallet"/>: like a
/// Lightning node, it sees only its own invoices; that a reply invoice is Accepted it learns from the driver's statement.
/// </summary>
internal sealed class TestSettler : ISettlerApi, IAsyncDisposable
{
    private readonly SettlerEngine _engine;
    private readonly OwnInvoicesOnlyWallet _wallet;
    private readonly TimeProvider _time;
    private readonly Channel<Func<Task>> _mailbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, TaskCompletionSource<SettlerResponse>> _calls = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private long _nextCall;

    public TestSettler(string uri, LedgerWallet ledger, TimeProvider time, SettlerPolicy? policy = null)
    {
        var key = SecretKey.Generate();
        var settlerPolicy = policy ?? new SettlerPolicy();
        _engine = new SettlerEngine(key, uri, settlerPolicy, new SettlerAuthority(key, uri, settlerPolicy.RevocationListValidityMs));
        _time = time;
        _wallet = new OwnInvoicesOnlyWallet(ledger.OpenAccount(Account));
        RefreshOwnTrust();
        _tasks.Add(Task.Run(RunAsync));
        WatchOwnInvoices();
    }

    public string Uri => _engine.Uri;

    public PublicKey PublicKey => _engine.PublicKey;

    public string Account => "settler:" + _engine.PublicKey.ToHex();

    /// <summary>Every look the settler tried at another account's money (none: it needs only its own).</summary>
    public IReadOnlyCollection<string> RefusedLooks => _wallet.RefusedLooks;

    /// <summary>What went wrong inside the settler (a test that sees one fails).</summary>
    public AsyncLog<Exception> Failures { get; } = new();

    /// <summary>Every input the settler handled, in order.</summary>
    public AsyncLog<EngineInput> Handled { get; } = new();

    public Task<PublicKey> GetPublicKeyAsync(CancellationToken cancellationToken) => Task.FromResult(PublicKey);

    public async Task<SettlerResponse> CallAsync(SettlerRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<SettlerResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        await OnLoop(() =>
        {
            var callId = (++_nextCall).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _calls[callId] = answer;
            return HandleAsync(new SettlerCallReceived(callId, request));
        });
        return await answer.Task.WaitAsync(cancellationToken);
    }

    public Task<SignedRevocationList> GetRevocationListAsync(CancellationToken cancellationToken) =>
        OnLoop(() => Task.FromResult(_engine.Authority.RevocationList(Now)));

    /// <summary>Registers, grants and issues a certificate valid from a day ago for a year.</summary>
    public Task<SignedCertificate> CertifyAsync(PublicKey subject, IReadOnlyDictionary<string, byte[]>? properties = null) => OnLoop(() =>
    {
        _engine.Authority.Register(subject);
        foreach (var (name, value) in properties ?? new Dictionary<string, byte[]>()) _engine.Authority.Grant(subject, name, value);
        return Task.FromResult(_engine.Authority.Issue(subject, Now - 86_400_000, Now + 365L * 86_400_000));
    });

    public Task RevokeAsync(SignedCertificate certificate) => OnLoop(() =>
    {
        _engine.Authority.Revoke(certificate.ReadCertificate().Serial);
        RefreshOwnTrust();
        return Task.FromResult(true);
    });

    /// <summary>Reports state changes of the settler's own invoices, the only ones its wallet shows it.</summary>
    private void WatchOwnInvoices()
    {
        var events = _wallet.WatchAsync(_stop.Token);
        _tasks.Add(Task.Run(async () =>
        {
            try
            {
                await foreach (var walletEvent in events) if (walletEvent is InvoiceUpdated updated) Post(() => OnInvoiceUpdatedAsync(updated.Invoice));
            }
            catch (OperationCanceledException)
            {
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _mailbox.Writer.TryComplete();
        foreach (var task in _tasks) await task;
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Task OnInvoiceUpdatedAsync(HodlInvoice invoice) => HandleAsync(EngineWalletStates.Issued(invoice));

    private async Task HandleAsync(EngineInput input)
    {
        foreach (var effect in _engine.Handle(input, Now)) await ExecuteAsync(effect);
        Handled.Add(input);
    }

    private async Task ExecuteAsync(EngineEffect effect)
    {
        switch (effect)
        {
            case RespondToCall respond:
                if (_calls.Remove(respond.CallId, out var answer)) answer.TrySetResult(respond.Response);
                break;
            case SetTimer timer:
                _time.CreateTimer(_ => Post(() => HandleAsync(new TimerFired(timer.TimerId))), null,
                    TimeSpan.FromMilliseconds(Math.Max(0, timer.AtUnixMs - Now)), Timeout.InfiniteTimeSpan);
                break;
            case CreateInvoice create:
                try
                {
                    var invoice = await _wallet.CreateInvoiceAsync(EngineWalletStates.InvoiceRequest(create, Now, minFinalCltvExpiryDelta: 1));
                    Post(() => HandleAsync(new InvoiceCreated(create.CorrelationId, invoice.Bolt11)));
                }
                catch (WalletException e)
                {
                    Post(() => HandleAsync(new InvoiceCreationFailed(create.CorrelationId, e.Message)));
                }
                break;
            case SettleInvoice settle:
                await _wallet.SettleAsync(PaymentHash.FromBytes(settle.PaymentHash), Preimage.FromBytes(settle.Preimage));
                break;
            case CancelInvoice cancel:
                await _wallet.CancelAsync(PaymentHash.FromBytes(cancel.PaymentHash));
                break;
            default:
                throw new InvalidOperationException($"a settler does not carry out {effect.GetType().Name}");
        }
    }

    private void RefreshOwnTrust() => _engine.Policy = _engine.Policy with
    {
        TrustedSettlers = new TrustedSettlers([new TrustedSettler(PublicKey, Uri, _engine.Authority.RevocationList(Now))]),
    };

    private void Post(Func<Task> work) => _mailbox.Writer.TryWrite(work);

    private Task<T> OnLoop<T>(Func<Task<T>> work)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _mailbox.Writer.TryWrite(async () =>
        {
            try { answer.TrySetResult(await work()); }
            catch (Exception e) { answer.TrySetException(e); }
        });
        if (!queued) answer.TrySetException(new ObjectDisposedException(nameof(TestSettler), "the settler has stopped"));
        return answer.Task;
    }

    private Task OnLoop(Func<Task> work) => OnLoop(async () =>
    {
        await work();
        return true;
    });

    private async Task RunAsync()
    {
        await foreach (var work in _mailbox.Reader.ReadAllAsync())
        {
            try
            {
                await work();
            }
            catch (Exception e)
            {
                Failures.Add(e);
            }
        }
    }
}
