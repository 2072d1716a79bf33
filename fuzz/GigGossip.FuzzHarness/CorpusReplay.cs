namespace GigGossip.FuzzHarness;

/// <summary>Runs every file of CORPUS/TARGET/ (seeds and whatever a fuzzer found) through its target once.</summary>
public static class CorpusReplay
{
    public sealed record Report(int Inputs, int Failures, IReadOnlyList<string> Lines);

    /// <summary>Each folder must name a target and each target must have a folder; a file whose run throws is a failure.</summary>
    public static Report Run(string corpus)
    {
        var lines = new List<string>();
        var inputs = 0;
        var failures = 0;
        foreach (var target in Targets.All)
        {
            var folder = Path.Combine(corpus, target.Name);
            if (!Directory.Exists(folder))
            {
                lines.Add($"{target.Name}: no corpus folder {folder}");
                failures++;
                continue;
            }
            var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
            foreach (var file in files)
            {
                inputs++;
                try
                {
                    target.Run(File.ReadAllBytes(file));
                }
                catch (Exception e)
                {
                    failures++;
                    lines.Add($"{target.Name}: {Path.GetFileName(file)} threw {e.GetType().Name}: {e.Message}");
                }
            }
            lines.Add($"{target.Name}: {files.Count} inputs");
        }
        foreach (var folder in Directory.Exists(corpus) ? Directory.GetDirectories(corpus) : [])
            if (Targets.Find(Path.GetFileName(folder)) is null)
            {
                lines.Add($"{Path.GetFileName(folder)}: a corpus folder with no target");
                failures++;
            }
        lines.Add($"{inputs} inputs, {failures} failures");
        return new Report(inputs, failures, lines);
    }
}
