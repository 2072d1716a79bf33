using System.Text.RegularExpressions;

namespace GigGossip.Simulation.Tests.MoneyRules;

/// <summary>
/// docs/protocol/money-rules.md names, for every cheat, the test that shows its rule holds: each `Class.Method` it cites
/// must be a test method of that class somewhere under tests/, so a renamed or deleted test cannot leave the rules
/// claiming a proof that no longer runs.
/// </summary>
public partial class MoneyRulesDocTests
{
    [GeneratedRegex(@"`([A-Z][A-Za-z0-9]*Tests)\.([A-Za-z][A-Za-z0-9_]*)`")]
    private static partial Regex CitedTest();

    [Fact]
    public void Every_test_the_money_rules_cite_exists()
    {
        var root = RepositoryRoot();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "protocol", "money-rules.md"));
        var cited = CitedTest().Matches(doc).Select(m => (Class: m.Groups[1].Value, Method: m.Groups[2].Value)).Distinct().ToList();
        Assert.True(cited.Count >= 40, $"the rules cite only {cited.Count} tests");

        var sources = Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText).ToList();
        var missing = cited
            .Where(c => !sources.Any(s => Regex.IsMatch(s, $@"\bclass {c.Class}\b") && Regex.IsMatch(s, $@"\[Fact[^\]]*\]\s*public (async Task|void) {c.Method}\(")))
            .Select(c => $"{c.Class}.{c.Method}").ToList();
        Assert.True(missing.Count == 0, "cited but not a test: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_rules_are_one_document_and_nothing_links_to_the_old_replies_page()
    {
        var root = RepositoryRoot();
        Assert.False(File.Exists(Path.Combine(root, "docs", "protocol", "money-rules-replies.md")));
        var linking = Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}") && File.ReadAllText(f).Contains("money-rules-replies", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(linking);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GigGossip.sln"))) return dir.FullName;
        throw new InvalidOperationException("no GigGossip.sln above " + AppContext.BaseDirectory);
    }
}
