using System.Runtime.ExceptionServices;

namespace GigGossip.Protocol.Pow;

/// <summary>
/// Finds a nonce whose work unit hash meets a target, on several threads: the nonce space is split into one
/// range per thread and the first thread to find a valid nonce stops the others.
/// </summary>
public static class PowSolver
{
    public const int MaxThreads = 256;

    /// <summary>Nonces tried between two looks at the stop flag and the cancellation token.</summary>
    internal const int Batch = 4096;

    /// <summary>
    /// The first valid nonce found. Throws <see cref="OperationCanceledException"/> when cancelled first.
    /// </summary>
    public static ulong Solve(PowWorkUnit unit, PowTarget target, int threads, CancellationToken cancellationToken, PowEngine? engine = null)
    {
        if (Search(unit, target, threads, cancellationToken, engine).Nonce is { } nonce) return nonce;
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("no nonce in the 64-bit nonce space meets the target");
    }

    /// <summary>
    /// Searches until a thread finds a valid nonce, every range is exhausted, or the token is cancelled
    /// (then <see cref="PowSearchResult.Nonce"/> is null). Also reports how many hashes were tried.
    /// </summary>
    public static PowSearchResult Search(PowWorkUnit unit, PowTarget target, int threads, CancellationToken cancellationToken, PowEngine? engine = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threads, MaxThreads);
        var search = new SharedSearch(unit, target, engine ?? PowEngine.Current, cancellationToken);
        // Nonces start at 1: proto3 leaves a zero fixed64 off the wire, and every PowBroadcast should be the same size.
        var rangeLength = ulong.MaxValue / (ulong)threads;
        if (threads == 1) search.Run(1, rangeLength - 1);
        else
        {
            var workers = new Thread[threads];
            for (var i = 0; i < threads; i++)
            {
                var first = (ulong)i * rangeLength + 1;
                workers[i] = new Thread(() => search.Run(first, rangeLength - 1)) { IsBackground = true, Name = $"pow-solver-{i}" };
                workers[i].Start();
            }
            foreach (var worker in workers) worker.Join();
        }
        search.Failure?.Throw();
        return new PowSearchResult(search.Nonce, search.Tries);
    }

    private sealed class SharedSearch(PowWorkUnit unit, PowTarget target, PowEngine engine, CancellationToken cancellationToken)
    {
        private int _found;
        private long _tries;

        public ulong? Nonce { get; private set; }

        public long Tries => Interlocked.Read(ref _tries);

        /// <summary>The first exception a worker hit; it stops the others and is rethrown to the caller.</summary>
        public ExceptionDispatchInfo? Failure { get; private set; }

        public void Run(ulong first, ulong length)
        {
            try
            {
                Interlocked.Add(ref _tries, SearchRange(first, length));
            }
            catch (Exception e)
            {
                if (Interlocked.Exchange(ref _found, 1) == 0) Failure = ExceptionDispatchInfo.Capture(e);
            }
        }

        private long SearchRange(ulong first, ulong length)
        {
            long tries = 0;
            var next = first;
            var end = first + length;
            while (next < end && Volatile.Read(ref _found) == 0 && !cancellationToken.IsCancellationRequested)
            {
                var count = (int)Math.Min(Batch, end - next);
                if (engine.TrySearch(unit, target, next, count, out var nonce))
                {
                    tries += (long)(nonce - next) + 1;
                    if (Interlocked.CompareExchange(ref _found, 1, 0) == 0) Nonce = nonce;
                    break;
                }
                tries += count;
                next += (ulong)count;
            }
            return tries;
        }
    }
}
