namespace GigGossip.Simulation;

/// <summary>Undirected peer graphs over node indexes 0..n-1, all drawn from one seeded random.</summary>
public static class Topology
{
    /// <summary>A line: 0 - 1 - 2 - ... - (n-1).</summary>
    public static IReadOnlyList<(int A, int B)> Line(int n) => [.. Enumerable.Range(0, n - 1).Select(i => (i, i + 1))];

    /// <summary>A width x height torus grid: every node has four neighbours.</summary>
    public static IReadOnlyList<(int A, int B)> Torus(int width, int height)
    {
        var edges = new HashSet<(int, int)>();
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var me = y * width + x;
            edges.Add(Edge(me, y * width + (x + 1) % width));
            edges.Add(Edge(me, (y + 1) % height * width + x));
        }
        return [.. edges.Order()];
    }

    /// <summary>
    /// A connected random graph: a random spanning tree plus extra random edges until the mean degree
    /// reaches <paramref name="meanDegree"/>.
    /// </summary>
    public static IReadOnlyList<(int A, int B)> RandomConnected(int n, double meanDegree, Random random)
    {
        var edges = new HashSet<(int, int)>();
        var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        for (var i = 1; i < n; i++) edges.Add(Edge(order[i], order[random.Next(i)]));
        var target = (long)Math.Round(meanDegree * n / 2);
        for (var guard = 0; edges.Count < target && guard < target * 20; guard++)
        {
            var a = random.Next(n);
            var b = random.Next(n);
            if (a != b) edges.Add(Edge(a, b));
        }
        return [.. edges.Order()];
    }

    /// <summary>
    /// A random <paramref name="degree"/>-regular graph (the pairing model): every node gets exactly that many
    /// distinct neighbours; stubs that would make a loop or a double edge are re-paired.
    /// </summary>
    public static IReadOnlyList<(int A, int B)> RandomRegular(int n, int degree, Random random)
    {
        if (degree >= n || (long)n * degree % 2 != 0) throw new ArgumentException($"no {degree}-regular graph on {n} nodes");
        var edges = new HashSet<(int, int)>();
        var stubs = new List<int>(n * degree);
        for (var i = 0; i < n; i++) stubs.AddRange(Enumerable.Repeat(i, degree));
        for (var round = 0; stubs.Count > 0 && round < 1_000; round++)
        {
            Shuffle(stubs, random);
            var left = new List<int>();
            for (var i = 0; i + 1 < stubs.Count; i += 2)
            {
                var (a, b) = (stubs[i], stubs[i + 1]);
                if (a == b || !edges.Add(Edge(a, b))) left.AddRange([a, b]);
            }
            // A stuck remainder swaps an edge: remove (c, d), connect a - c and b - d.
            if (left.Count > 0 && left.Count == stubs.Count) BreakDeadlock(edges, left, random);
            stubs = left;
        }
        return [.. edges.Order()];
    }

    /// <summary>
    /// A Watts-Strogatz small world: a ring where each node links to its <paramref name="degree"/>/2 nearest
    /// on each side, every edge rewired to a random node with probability <paramref name="rewire"/>.
    /// </summary>
    public static IReadOnlyList<(int A, int B)> SmallWorld(int n, int degree, double rewire, Random random)
    {
        if (degree < 2 || degree >= n) throw new ArgumentException($"a small world needs 2 <= degree < {n}, got {degree}");
        var edges = new HashSet<(int, int)>();
        for (var i = 0; i < n; i++)
        for (var k = 1; k <= degree / 2; k++)
        {
            var j = (i + k) % n;
            if (random.NextDouble() < rewire)
            {
                for (var tries = 0; tries < 16; tries++)
                {
                    var r = random.Next(n);
                    if (r != i && edges.Add(Edge(i, r))) goto next;
                }
            }
            edges.Add(Edge(i, j));
        next:;
        }
        return [.. edges.Order()];
    }

    /// <summary>
    /// A Barabasi-Albert scale-free graph: each new node links to <paramref name="linksPerNode"/> existing
    /// ones chosen in proportion to their degree (a few hubs, many leaves).
    /// </summary>
    public static IReadOnlyList<(int A, int B)> ScaleFree(int n, int linksPerNode, Random random)
    {
        if (linksPerNode < 1 || linksPerNode >= n) throw new ArgumentException($"a scale-free graph needs 1 <= links per node < {n}, got {linksPerNode}");
        var edges = new HashSet<(int, int)>();
        var ends = new List<int>();
        for (var i = 0; i <= linksPerNode; i++)
        for (var j = 0; j < i; j++)
        {
            edges.Add(Edge(i, j));
            ends.AddRange([i, j]);
        }
        for (var i = linksPerNode + 1; i < n; i++)
        {
            var chosen = new HashSet<int>();
            while (chosen.Count < linksPerNode) chosen.Add(ends[random.Next(ends.Count)]);
            foreach (var j in chosen.Order())
            {
                edges.Add(Edge(i, j));
                ends.AddRange([i, j]);
            }
        }
        return [.. edges.Order()];
    }

    /// <summary>A topology by name: random-regular, small-world, scale-free, torus or random.</summary>
    public static IReadOnlyList<(int A, int B)> Build(TopologyKind kind, int n, int degree, Random random) => kind switch
    {
        TopologyKind.RandomRegular => RandomRegular(n, degree, random),
        TopologyKind.SmallWorld => SmallWorld(n, degree, 0.1, random),
        TopologyKind.ScaleFree => ScaleFree(n, Math.Max(1, degree / 2), random),
        TopologyKind.Torus => TorusOf(n),
        _ => RandomConnected(n, degree, random),
    };

    private static IReadOnlyList<(int A, int B)> TorusOf(int n)
    {
        var width = (int)Math.Sqrt(n);
        if (width * width != n || width < 3) throw new ArgumentException($"a torus needs a square number of nodes (at least 9), got {n}");
        return Torus(width, width);
    }

    private static void BreakDeadlock(HashSet<(int, int)> edges, List<int> left, Random random)
    {
        var (a, b) = (left[0], left[1]);
        var pick = edges.ElementAt(random.Next(edges.Count));
        var (c, d) = pick;
        if (a == c || a == d || b == c || b == d || edges.Contains(Edge(a, c)) || edges.Contains(Edge(b, d))) return;
        edges.Remove(pick);
        edges.Add(Edge(a, c));
        edges.Add(Edge(b, d));
        left.RemoveRange(0, 2);
    }

    private static void Shuffle(List<int> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static (int, int) Edge(int a, int b) => a < b ? (a, b) : (b, a);
}
