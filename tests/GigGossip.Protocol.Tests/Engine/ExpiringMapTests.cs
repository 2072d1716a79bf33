using GigGossip.Protocol.Engine;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// An entry is forgotten exactly when its latest expiry passes, however often it was set again (an answered ask is kept
/// longer than an unanswered one), and the expiry callback hears of each forgotten entry once.
/// </summary>
public sealed class ExpiringMapTests
{
    private readonly List<(string Key, int Value)> _expired = [];

    private ExpiringMap<string, int> Map() => new((key, value) => _expired.Add((key, value)));

    [Fact]
    public void An_entry_set_again_to_expire_later_lives_until_its_new_time()
    {
        var map = Map();
        map.Set("ask", 1, 30);
        map.Set("ask", 2, 600);
        Assert.True(map.TryGet("ask", 30, out var value));
        Assert.Equal(2, value);
        Assert.True(map.ContainsKey("ask", 599));
        Assert.False(map.ContainsKey("ask", 600));
        Assert.Equal([("ask", 2)], _expired);
    }

    [Fact]
    public void An_entry_set_again_to_expire_sooner_goes_at_its_new_time()
    {
        var map = Map();
        map.Set("ask", 1, 600);
        map.Set("ask", 2, 30);
        Assert.True(map.ContainsKey("ask", 29));
        Assert.False(map.ContainsKey("ask", 30));
        map.Purge(600);
        Assert.Equal([("ask", 2)], _expired);
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void A_removed_entry_added_again_expires_once_at_its_new_time()
    {
        var map = Map();
        map.Set("ask", 1, 30);
        Assert.True(map.Remove("ask", out _));
        map.Set("ask", 3, 100);
        map.Purge(50);
        Assert.Equal(1, map.Count);
        map.Purge(100);
        map.Purge(1_000);
        Assert.Equal([("ask", 3)], _expired);
    }
}
