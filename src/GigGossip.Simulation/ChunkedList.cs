namespace GigGossip.Simulation;

/// <summary>
/// An append-only list in fixed chunks: the modelled onions keep a record per sealed layer for the whole run (tens of millions
/// at a million nodes), and a <see cref="List{T}"/> that size doubles into one new array holding both copies while it grows.
/// </summary>
internal sealed class ChunkedList<T>
{
    private const int ChunkBits = 16;
    private const int ChunkLength = 1 << ChunkBits;

    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public void Add(T item)
    {
        if ((Count & (ChunkLength - 1)) == 0) _chunks.Add(new T[ChunkLength]);
        _chunks[Count >> ChunkBits][Count & (ChunkLength - 1)] = item;
        Count++;
    }

    public T this[int index] => (uint)index < (uint)Count
        ? _chunks[index >> ChunkBits][index & (ChunkLength - 1)]
        : throw new ArgumentOutOfRangeException(nameof(index));
}
