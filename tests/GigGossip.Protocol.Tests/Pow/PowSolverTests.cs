using GigGossip.Protocol.Pow;
using static GigGossip.Protocol.Tests.Pow.PowFixture;

namespace GigGossip.Protocol.Tests.Pow;

public class PowSolverTests
{
    private static readonly PowTarget Impossible = PowTarget.FromLeadingZeroBits(256);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Multi_threaded_solve_gives_a_valid_nonce(int threads)
    {
        var nonce = PowSolver.Solve(Unit, Target, threads, CancellationToken.None);
        Assert.Equal(PowVerdict.Valid, Verify(nonce: nonce));
    }

    [Fact]
    public void Search_counts_every_try_from_nonce_one_up_to_the_nonce_on_one_thread()
    {
        var result = PowSolver.Search(Unit, Target, 1, CancellationToken.None);
        Assert.Equal(Nonce, result.Nonce);
        Assert.Equal((long)Nonce, result.Tries);
    }

    [Fact]
    public void Search_never_returns_nonce_zero_which_proto3_would_leave_off_the_wire()
    {
        var easiest = PowTarget.FromLeadingZeroBits(0);
        Assert.Equal(1UL, PowSolver.Search(Unit, easiest, 1, CancellationToken.None).Nonce);
        Assert.NotEqual(0UL, PowSolver.Solve(Unit, easiest, 2, CancellationToken.None));
    }

    [Fact]
    public void Cancelled_token_stops_the_solver_with_operation_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => PowSolver.Solve(Unit, Impossible, 2, cancelled.Token));
        Assert.Equal(new PowSearchResult(null, 0), PowSolver.Search(Unit, Impossible, 2, cancelled.Token));
    }

    [Fact]
    public void Cancelling_while_solving_an_impossible_target_stops_all_threads()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.Throws<OperationCanceledException>(() => PowSolver.Solve(Unit, Impossible, 2, cancellation.Token));
    }

    [Fact]
    public void Search_cancelled_while_running_reports_the_tries_made()
    {
        using var cancellation = new CancellationTokenSource();
        var engine = new CancelOnBatch(3, cancellation);
        var result = PowSolver.Search(Unit, Impossible, 1, cancellation.Token, engine);
        Assert.Equal(new PowSearchResult(null, 3 * PowSolver.Batch), result);
        Assert.Throws<OperationCanceledException>(() => PowSolver.Solve(Unit, Impossible, 1, cancellation.Token, engine));
    }

    [Fact]
    public void Engine_failure_on_a_worker_thread_reaches_the_caller()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PowSolver.Solve(Unit, Impossible, 2, CancellationToken.None, new FailingEngine()));
        Assert.Equal("engine failed", e.Message);
    }

    private sealed class FailingEngine : PowEngine
    {
        public override string Name => "failing";

        public override void Hash(PowWorkUnit unit, ulong nonce, Span<byte> hash32) => throw new InvalidOperationException("engine failed");

        public override bool TrySearch(PowWorkUnit unit, PowTarget target, ulong first, int count, out ulong nonce) =>
            throw new InvalidOperationException("engine failed");
    }

    /// <summary>The managed engine, cancelling the search during its n-th batch: cancellation at a known point.</summary>
    private sealed class CancelOnBatch(int batch, CancellationTokenSource cancellation) : PowEngine
    {
        private int _batches;

        public override string Name => "managed, cancelling";

        public override void Hash(PowWorkUnit unit, ulong nonce, Span<byte> hash32) => Managed.Hash(unit, nonce, hash32);

        public override bool TrySearch(PowWorkUnit unit, PowTarget target, ulong first, int count, out ulong nonce)
        {
            if (Interlocked.Increment(ref _batches) == batch) cancellation.Cancel();
            return Managed.TrySearch(unit, target, first, count, out nonce);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void Thread_count_outside_1_to_256_is_refused(int threads)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PowSolver.Solve(Unit, Target, threads, CancellationToken.None));
    }
}
