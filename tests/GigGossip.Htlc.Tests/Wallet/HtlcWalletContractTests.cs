using GigGossip.Htlc.Wallet;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Payments.Tests.Contract;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Htlc.Tests.Wallet;

/// <summary>
/// The <see cref="IHodlWallet"/> contract on the on-chain HTLC wallet: two wallets on the regtest-like fake bitcoind
/// (real JSON-RPC over HTTP), the funding notice carried from payer to issuer, blocks mined to confirm and to time out.
/// </summary>
public sealed class HtlcWalletContractTests : HodlWalletContractTests
{
    protected override async Task<IHodlWalletWorld?> CreateWorldAsync()
    {
        var world = new HtlcContractWorld();
        await world.StartAsync();
        return world;
    }

    private sealed class HtlcContractWorld : IHodlWalletWorld
    {
        private const long DepositSats = 2_000_000;
        private readonly HtlcWalletWorld _world = new();
        private HtlcHodlWallet _issuer = null!;
        private HtlcHodlWallet _payer = null!;

        public async Task StartAsync()
        {
            _issuer = await _world.OpenAsync("issuer");
            _payer = await _world.OpenAsync("payer");
            _world.Deposit(_payer, DepositSats);
            await _world.SyncAllAsync();
        }

        public IHodlWallet Issuer => _issuer;

        public IHodlWallet Payer => _payer;

        public long PayerFundsMsat => DepositSats * 1000;

        /// <summary>A funding, claim or refund transaction's fee at the wallet's fee rate is well under 10,000 sat.</summary>
        public long FeeAllowanceMsat => 10_000_000;

        public DateTimeOffset Now => _world.Time.GetUtcNow();

        public string? CannotElapse => null;

        /// <summary>Enough blocks to reach the longest contract locktime the suite makes.</summary>
        public int MaxSteps => 200;

        public async Task DeliverAsync(HodlInvoice invoice, PaymentHash paymentHash)
        {
            await _world.ReportAsync(_payer, _issuer, paymentHash);
            await _world.MineAsync(3);
        }

        public Task StepAsync() => _world.MineAsync();

        public async Task ElapseBlocksAsync(int blocks)
        {
            for (var i = 0; i < blocks; i++)
            {
                _world.Time.Advance(HodlTiming.BlockInterval);
                await _world.MineAsync();
            }
        }

        public Task AssertConservedAsync() => _world.AssertConservedAsync();

        public ValueTask DisposeAsync() => _world.DisposeAsync();
    }
}
