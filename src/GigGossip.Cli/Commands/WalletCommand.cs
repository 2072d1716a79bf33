using System.CommandLine;
using GigGossip.Cli.Config;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;
using GigGossip.Wallet;
using GigGossip.Wallet.Client;
using GigGossip.Http;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip wallet serve|check|fund`: the HODL ledger as a service, its audit, and the operator's funding.</summary>
public static class WalletCommand
{
    public static Command Build()
    {
        var command = new Command("wallet", "The HODL-invoice wallet service: serve it, audit a ledger file, fund accounts");
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Fund());
        return command;
    }

    private static Command Serve()
    {
        var config = ServiceCommands.Required("--config", "JSON config file with a \"wallet\" section (env GIGGOSSIP_WALLET__PORT etc. override it)");
        var command = new Command("serve", "Run the wallet service on its address until Ctrl-C") { config };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            var path = parse.GetValue(config)!;
            var options = WalletServiceConfig.Load(path);
            await using var server = await WalletServer.StartAsync(options, ct);
            await output.WriteLineAsync($"wallet listening on {server.BaseUri} (ledger {options.LedgerPath}, admin token in {options.AdminTokenFile})");
            await ServiceCommands.ServeUntilStoppedAsync(server.WaitForShutdownAsync, ct);
        }));
        return command;
    }

    private static Command Check()
    {
        var db = ServiceCommands.Required("--db", "Ledger file to audit (read only)");
        var command = new Command("check", "Audit a ledger file: balances against the journal, held money, invoices; exit 1 if unbalanced, 2 if the file cannot be read") { db };
        command.SetAction((parse, _) => ServiceCommands.RunAsync(parse, async output =>
        {
            var path = parse.GetValue(db)!;
            LedgerAuditReport report;
            try
            {
                report = LedgerAudit.CheckFile(path);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                throw new LedgerFileException($"ledger file {path} cannot be read: {e.Message}", e);
            }
            var t = report.Totals;
            await output.WriteLineAsync($"minted {t.MintedMsat} msat, accounts {t.AccountsMsat} msat, held {t.HeldMsat} msat, {t.Accounts} accounts, {t.Movements} movements");
            foreach (var problem in report.Problems) await output.WriteLineAsync($"problem: {problem}");
            await output.WriteLineAsync(report.Balanced ? "balanced" : "NOT balanced");
            return report.Balanced ? 0 : 1;
        }));
        return command;
    }

    private static Command Fund()
    {
        var url = ServiceCommands.Required("--url", "The wallet service, e.g. http://127.0.0.1:8081");
        var token = ServiceCommands.Required("--admin-token", "The wallet's admin token file");
        var account = ServiceCommands.Required("--account", "Account to fund: its x-only public key, hex");
        var amount = ServiceCommands.Required("--amount", "How much new money to add, with its unit: 100000sat or 1500msat");
        var command = new Command("fund", "Operator: give an account new money") { url, token, account, amount };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            var msat = Amounts.ParseMsat(parse.GetValue(amount)!, "--amount");
            var to = PeerKeys.Parse(parse.GetValue(account)!, "--account").ToHex();
            using var admin = new WalletAdminClient(ServiceConfig.HttpUri(parse.GetValue(url), "--url"), AdminToken.Read(parse.GetValue(token)!));
            var balance = await admin.FundAsync(to, msat, ct);
            await output.WriteLineAsync($"account {to} balance: {balance} msat");
        }));
        return command;
    }
}
