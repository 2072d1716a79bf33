namespace GigGossip.Node.Tests;

/// <summary>Things that happened, in order, that a test can wait for.</summary>
internal sealed class AsyncLog<T>
{
    private readonly object _gate = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(T item)
    {
        TaskCompletionSource added;
        lock (_gate)
        {
            _items.Add(item);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
    }

    public List<T> Items
    {
        get { lock (_gate) return [.. _items]; }
    }

    /// <summary>Waits until at least <paramref name="count"/> items match.</summary>
    public async Task<List<T>> WaitForAsync(Func<T, bool> match, int count = 1)
    {
        while (true)
        {
            Task added;
            List<T> matching;
            lock (_gate)
            {
                matching = _items.Where(match).ToList();
                added = _added.Task;
            }
            if (matching.Count >= count) return matching;
            await added.Within();
        }
    }
}
