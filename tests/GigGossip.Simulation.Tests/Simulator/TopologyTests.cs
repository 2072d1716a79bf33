namespace GigGossip.Simulation.Tests.Simulator;

public class TopologyTests
{
    [Theory]
    [InlineData(1_000, 8)]
    [InlineData(501, 4)]
    [InlineData(200, 19)]
    public void Random_regular_gives_every_node_exactly_its_degree_without_loops_or_double_edges(int n, int degree)
    {
        var edges = Topology.RandomRegular(n, degree, new Random(3));

        Assert.Equal(n * degree / 2, edges.Count);
        Assert.All(edges, e => Assert.NotEqual(e.A, e.B));
        Assert.Equal(edges.Count, edges.Distinct().Count());
        Assert.All(Degrees(n, edges), d => Assert.Equal(degree, d));
    }

    [Fact]
    public void Random_regular_refuses_an_impossible_degree()
    {
        Assert.Throws<ArgumentException>(() => Topology.RandomRegular(11, 3, new Random(1)));
        Assert.Throws<ArgumentException>(() => Topology.RandomRegular(5, 5, new Random(1)));
    }

    [Fact]
    public void Small_world_without_rewiring_is_the_ring_lattice()
    {
        var edges = Topology.SmallWorld(100, 6, rewire: 0, new Random(1));

        Assert.Equal(300, edges.Count);
        Assert.All(Degrees(100, edges), d => Assert.Equal(6, d));
        Assert.Contains((0, 3), edges);
        Assert.Contains((0, 97), edges);
    }

    [Fact]
    public void Small_world_rewiring_keeps_the_edge_count_and_adds_long_links()
    {
        var edges = Topology.SmallWorld(1_000, 8, rewire: 0.1, new Random(2));

        Assert.Equal(4_000, edges.Count);
        var longLinks = edges.Count(e => Math.Min(e.B - e.A, 1_000 - (e.B - e.A)) > 4);
        Assert.InRange(longLinks, 300, 500);
    }

    [Fact]
    public void Scale_free_has_the_barabasi_albert_edge_count_and_hubs()
    {
        const int n = 5_000, m = 3;
        var edges = Topology.ScaleFree(n, m, new Random(4));

        Assert.Equal(m * (m + 1) / 2 + (n - m - 1) * m, edges.Count);
        var degrees = Degrees(n, edges);
        Assert.All(degrees, d => Assert.True(d >= m));
        Assert.True(degrees.Max() > 15 * degrees.Average(), $"max degree {degrees.Max()} is no hub over mean {degrees.Average():F1}");
    }

    [Theory]
    [InlineData(TopologyKind.RandomRegular)]
    [InlineData(TopologyKind.SmallWorld)]
    [InlineData(TopologyKind.ScaleFree)]
    [InlineData(TopologyKind.Torus)]
    [InlineData(TopologyKind.Random)]
    public void Every_topology_is_connected_and_the_same_for_the_same_seed(TopologyKind kind)
    {
        var edges = Topology.Build(kind, 900, 8, new Random(5));

        Assert.Equal(edges, Topology.Build(kind, 900, 8, new Random(5)));
        Assert.Equal(900, Reachable(900, edges));
    }

    private static int[] Degrees(int n, IReadOnlyList<(int A, int B)> edges)
    {
        var degrees = new int[n];
        foreach (var (a, b) in edges)
        {
            degrees[a]++;
            degrees[b]++;
        }
        return degrees;
    }

    private static int Reachable(int n, IReadOnlyList<(int A, int B)> edges)
    {
        var adjacency = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var (a, b) in edges)
        {
            adjacency[a].Add(b);
            adjacency[b].Add(a);
        }
        var seen = new HashSet<int> { 0 };
        var queue = new Queue<int>([0]);
        while (queue.TryDequeue(out var node))
            foreach (var next in adjacency[node].Where(seen.Add)) queue.Enqueue(next);
        return seen.Count;
    }
}
