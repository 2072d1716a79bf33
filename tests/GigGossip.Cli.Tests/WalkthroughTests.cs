using GigGossip.Cli.Tests.Walkthrough;

namespace GigGossip.Cli.Tests;

/// <summary>
/// Issue 13: the README's "Your own network" walkthrough, run command by command as separate processes from an empty
/// directory (wallet, settler, certificates, funding, three node daemons) to a settled ride and a balanced `wallet check`.
/// </summary>
public sealed class WalkthroughTests
{
    [Fact]
    public async Task The_readme_walkthrough_runs_to_a_settled_ride_and_a_balanced_ledger()
    {
        var directory = Directory.CreateTempSubdirectory("giggossip-walkthrough-").FullName;
        try
        {
            var lines = ReadmeBlock.Lines(out var ports);
            Assert.Contains(8081, ports.Keys);
            await using (var shell = new Shell(directory, TestContext.Current.TestOutputHelper))
            {
                await shell.RunAsync(lines);

                string Output(string prefix) => shell.Transcript.Last(t => t.Command.StartsWith(prefix, StringComparison.Ordinal)).Output;
                Assert.Matches("^[0-9a-f]{64}$", Output("giggossip settler info").Trim());
                Assert.Contains("properties: driving_licence", Output("giggossip certificate request --settler http://127.0.0.1:" + ports[8082] + " --key driver/node.key --out driver/node.cert --property"));
                Assert.Contains("money held along the route", Output("giggossip accept"));
                Assert.Contains("contact: call 555-0100", Output("giggossip accept"));
                Assert.Contains($"{shell.Variables["REQUEST"]}  sender  settled", Output("giggossip jobs"));
                Assert.Contains("balanced", Output("giggossip wallet check"));
                Assert.DoesNotContain("NOT balanced", Output("giggossip wallet check"));
                Assert.Contains("held 0 msat", Output("giggossip wallet check"));
            }
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }
}
