using GigGossip.Payments.Ledger;
using GigGossip.Payments.Tests.Support;
using GigGossip.Protocol.Bolt11;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Payments.Tests.Contract;

/// <summary>The <see cref="IHodlWallet"/> contract on the embedded ledger: one in-memory ledger, a fake clock, two accounts.</summary>
public sealed class LedgerWalletContractTests : HodlWalletContractTests
{
    protected override Task<IHodlWalletWorld?> CreateWorldAsync() => Task.FromResult<IHodlWalletWorld?>(new LedgerWorld());

    private sealed class LedgerWorld : IHodlWalletWorld
    {
        private const long Funds = 1_000_000_000;
        private readonly FakeTimeProvider _time = new(TestTime.T0);
        private readonly LedgerWallet _wallet;

        public LedgerWorld()
        {
            _wallet = new LedgerWallet(HodlLedger.OpenInMemory(TestTime.T0), _time);
            Issuer = _wallet.OpenAccount("issuer");
            Payer = _wallet.OpenAccount("payer");
            _wallet.Fund("payer", Funds);
        }

        public IHodlWallet Issuer { get; }

        public IHodlWallet Payer { get; }

        public long PayerFundsMsat => Funds;

        public long FeeAllowanceMsat => 0;

        public DateTimeOffset Now => _time.GetUtcNow();

        public string? CannotElapse => null;

        public int MaxSteps => 0;

        public Task DeliverAsync(HodlInvoice invoice, PaymentHash paymentHash) => Task.CompletedTask;

        public Task StepAsync() => Task.CompletedTask;

        public Task ElapseBlocksAsync(int blocks)
        {
            _time.Advance(HodlTiming.Blocks(blocks));
            return Task.CompletedTask;
        }

        public async Task AssertConservedAsync()
        {
            var audit = _wallet.Audit();
            Assert.True(audit.Balanced, string.Join("; ", audit.Problems));
            var balances = await Issuer.GetBalanceAsync() + await Payer.GetBalanceAsync();
            Assert.Equal(Funds, balances + audit.Totals.HeldMsat);
            Assert.Equal(Funds, audit.Totals.MintedMsat);
        }

        public ValueTask DisposeAsync()
        {
            _wallet.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
