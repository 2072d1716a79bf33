using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests.Hostile;

internal static class EventWaits
{
    /// <summary>The first <paramref name="count"/> events of type <typeparamref name="T"/> that match, in order, waiting (bounded) for them.</summary>
    public static async Task<List<T>> WaitForAsync<T>(this NodeEventLog log, int count, Func<T, bool>? match = null) where T : NodeEvent
    {
        var found = new List<T>();
        long after = 0;
        while (found.Count < count)
        {
            var next = await log.WaitForAsync(e => e is T t && (match is null || match(t)), after, TestContext.Current.CancellationToken).Within();
            found.Add((T)next.Event);
            after = next.Sequence;
        }
        return found;
    }
}
