using GigGossip.Payments.Tests.Contract;

namespace GigGossip.Lnd.Tests.Contract;

/// <summary>The <see cref="GigGossip.Payments.IHodlWallet"/> contract on the LND backend, through two LND doubles over HTTPS.</summary>
public sealed class LndDoubleContractTests : HodlWalletContractTests
{
    protected override async Task<IHodlWalletWorld?> CreateWorldAsync() => await LndDoubleWorld.StartAsync();
}
