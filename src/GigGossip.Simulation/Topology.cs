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

    private static (int, int) Edge(int a, int b) => a < b ? (a, b) : (b, a);
}
