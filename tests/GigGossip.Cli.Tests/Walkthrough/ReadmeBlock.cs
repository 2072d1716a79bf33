using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace GigGossip.Cli.Tests.Walkthrough;

/// <summary>
/// The README's "Your own network" walkthrough: the first ```sh block after that heading, read from the README itself so
/// the test and the document cannot drift, with each fixed port the README names replaced by a free one picked now.
/// </summary>
internal static partial class ReadmeBlock
{
    public const string Heading = "## Your own network";

    public static string Path()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(directory.FullName, "GigGossip.sln"))) return candidate;
        }
        throw new FileNotFoundException("README.md of the repository (next to GigGossip.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>The block's lines, with the README's ports (8081, 8082, 97xx) mapped to free ones.</summary>
    public static IReadOnlyList<string> Lines(out IReadOnlyDictionary<int, int> ports)
    {
        var readme = File.ReadAllText(Path());
        var start = readme.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{Heading}' section");
        var open = readme.IndexOf("```sh\n", start, StringComparison.Ordinal) + "```sh\n".Length;
        var close = readme.IndexOf("\n```", open, StringComparison.Ordinal);
        var block = readme[open..close];
        var mapped = new Dictionary<int, int>();
        block = Port().Replace(block, m =>
        {
            var port = int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture);
            if (!mapped.TryGetValue(port, out var free)) mapped[port] = free = FreePort(mapped.Values);
            return free.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        ports = mapped;
        return block.Split('\n');
    }

    private static int FreePort(IEnumerable<int> taken)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!taken.Contains(port)) return port;
        }
    }

    /// <summary>The README's example ports: 8081/8082 (wallet, settler) and 9700-9799 (nodes), never inside longer numbers.</summary>
    [GeneratedRegex(@"(?<![0-9])(808[12]|97[0-9][0-9])(?![0-9])")]
    private static partial Regex Port();
}
