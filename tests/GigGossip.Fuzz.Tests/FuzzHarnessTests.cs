using CsCheck;
using GigGossip.FuzzHarness;

namespace GigGossip.Fuzz.Tests;

/// <summary>The SharpFuzz harness and its committed corpus work: every seed replays through its target, and mutated seeds only raise each target's own exception.</summary>
public class FuzzHarnessTests
{
    private static string Corpus
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                if (Directory.Exists(Path.Combine(directory.FullName, "fuzz", "corpus"))) return Path.Combine(directory.FullName, "fuzz", "corpus");
            throw new DirectoryNotFoundException($"no fuzz/corpus above {AppContext.BaseDirectory}");
        }
    }

    [Fact]
    public void Committed_corpus_replays_through_every_target_without_a_failure()
    {
        var report = CorpusReplay.Run(Corpus);

        Assert.True(report.Failures == 0, string.Join("\n", report.Lines));
        Assert.True(report.Inputs >= Targets.All.Count, $"only {report.Inputs} inputs for {Targets.All.Count} targets");
    }

    [Fact]
    public void Replay_reports_a_target_without_a_corpus_folder()
    {
        var empty = Directory.CreateTempSubdirectory("giggossip-corpus-").FullName;
        try
        {
            var report = CorpusReplay.Run(empty);
            Assert.Equal(Targets.All.Count, report.Failures);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void Every_target_takes_mutated_seeds_without_another_exception()
    {
        var seeds = Seeds.All();
        Assert.Equal(Targets.All.Select(t => t.Name).Order(), seeds.Keys.Order());
        foreach (var target in Targets.All)
        foreach (var seed in seeds[target.Name])
        {
            target.Run(seed);
            Mutations.Of(seed).Sample(target.Run, iter: 150);
        }
    }
}
