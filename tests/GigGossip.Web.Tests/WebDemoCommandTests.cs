using System.CommandLine;
using System.Text.RegularExpressions;
using GigGossip.Cli;

namespace GigGossip.Web.Tests;

/// <summary>`giggossip demo --web`: keeps the network up, prints three links that each sign a browser in, stops on Ctrl-C.</summary>
public sealed class WebDemoCommandTests
{
    private sealed class Lines : StringWriter
    {
        private readonly TaskCompletionSource _stopHint = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Ready => _stopHint.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains("Ctrl-C stops", StringComparison.Ordinal) == true) _stopHint.TrySetResult();
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task DemoWebPrintsARiderADriverAndAConsoleLinkThatEachWorkOnceAndStopsOnCtrlC()
    {
        using var output = new Lines();
        using var error = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = GigGossipCommand.Build().Parse(["demo", "--web", "--nodes", "4", "--drivers", "2"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, stop.Token);
        await output.Ready.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var text = output.ToString();
        var links = new[] { "rider", "driver", "settler" }.Select(role => new Uri(Regex.Match(text, $@"{role}:\s+(\S+)").Groups[1].Value)).ToList();

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var homes = new List<string>();
        foreach (var link in links)
        {
            using var first = await http.GetAsync(link, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.SeeOther, first.StatusCode);
            homes.Add(first.Headers.Location!.OriginalString);
            Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
            using var again = await http.GetAsync(link, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, again.StatusCode);
        }
        Assert.Equal(["/app/", "/app/#driver", "/console/"], homes);

        stop.Cancel();
        Assert.Equal(0, await run);
        Assert.Contains("ledger balanced, 0 msat held", output.ToString());
        Assert.Empty(error.ToString());
    }
}
