using System.Security.Cryptography;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Regtest;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Cli.Tests;

/// <summary>`giggossip htlc wallet` against a fake bitcoind over real HTTP: a whole HODL payment typed as a user would.</summary>
public sealed class HtlcWalletCommandTests : IAsyncDisposable
{
    private readonly RegtestBitcoinCore _node = new("rpc", "pw", 2_000);
    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-htlc-wallet-").FullName;

    private (int ExitCode, string Output, string Error) Wallet(string name, params string[] args) =>
        Cli.Run(["htlc", "wallet", .. args, "--db", Path.Combine(_directory, name + ".db"), "--rpc", _node.Endpoint.ToString(), "--rpc-user", "rpc", "--rpc-password", "pw"]);

    private static string Field(string output, string name) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..];

    private (int ExitCode, string Output, string Error) Ok((int ExitCode, string Output, string Error) result)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        return result;
    }

    [Fact]
    public void Invoice_pay_report_settle_and_the_payer_sees_the_preimage()
    {
        var preimage = Preimage.FromBytes(SHA256.HashData("cli ride"u8));
        var payerAddress = SegwitAddress.Parse(Field(Ok(Wallet("payer", "status")).Output, "address"), BitcoinNetwork.Regtest);
        Ok(Wallet("issuer", "status"));
        _node.Mint(payerAddress.ScriptPubKey, 300_000);
        _node.Mine();
        Assert.Equal("300000", Field(Ok(Wallet("payer", "status")).Output, "balance_sat"));

        var bolt11 = Field(Ok(Wallet("issuer", "invoice", "--payment-hash", preimage.Hash.ToHex(), "--amount-sat", "100000", "--description", "ride")).Output, "bolt11");
        var paid = Ok(Wallet("payer", "pay", "--invoice", bolt11)).Output;
        Assert.StartsWith("htlc-funding:", Field(paid, "notice"));
        Assert.Contains($"invoice {preimage.Hash}: Open", Ok(Wallet("issuer", "report", "--notice", Field(paid, "notice"))).Output);
        _node.Mine(3);
        Assert.Contains($"invoice {preimage.Hash}: Accepted", Ok(Wallet("issuer", "status")).Output);
        Assert.Contains($"invoice {preimage.Hash}: Settled", Ok(Wallet("issuer", "settle", "--payment-hash", preimage.Hash.ToHex(), "--preimage", preimage.ToHex())).Output);
        _node.Mine();
        Assert.Contains($"payment {preimage.Hash}: Succeeded preimage {preimage.ToHex()}", Ok(Wallet("payer", "status")).Output);
    }

    [Fact]
    public void Bad_options_are_one_error_line_and_exit_code_2()
    {
        Ok(Wallet("payer", "status"));
        var cases = new[]
        {
            Cli.Run("htlc", "wallet", "status", "--db", Path.Combine(_directory, "x.db"), "--rpc", _node.Endpoint.ToString()),
            Wallet("payer", "pay", "--invoice", "lnbcrt1garbage"),
            Wallet("payer", "status", "--network", "mainnet"),
            Wallet("payer", "invoice", "--payment-hash", "zz", "--amount-sat", "1000"),
            Wallet("payer", "invoice", "--payment-hash", new string('a', 64), "--amount-sat", "-5"),
            Wallet("payer", "report", "--notice", "htlc-funding:00:11"),
            Wallet("payer", "status", "--confirmations", "0"),
        };
        foreach (var (exit, _, error) in cases)
        {
            Assert.Equal(2, exit);
            Assert.StartsWith("error: ", error);
            Assert.Single(error.Trim().Split('\n'));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
