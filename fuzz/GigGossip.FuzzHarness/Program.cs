using GigGossip.FuzzHarness;

// giggossip-fuzz list | seeds DIR | replay DIR | afl TARGET | libfuzzer TARGET (see the README's "Fuzzing" section).
return args switch
{
    ["list"] => List(),
    ["seeds", var directory] => WriteSeeds(directory),
    ["replay", var directory] => Replay(directory),
    ["afl", var name] when Targets.Find(name) is { } target => Afl(target),
    ["libfuzzer", var name] when Targets.Find(name) is { } target => LibFuzzer(target),
    _ => Usage(),
};

static int List()
{
    foreach (var target in Targets.All) Console.WriteLine($"{target.Name,-16} {target.Decoder}");
    return 0;
}

static int WriteSeeds(string directory)
{
    foreach (var (name, seeds) in Seeds.All())
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
        for (var i = 0; i < seeds.Length; i++) File.WriteAllBytes(Path.Combine(folder, $"seed-{i}"), seeds[i]);
    }
    return 0;
}

static int Replay(string directory)
{
    var report = CorpusReplay.Run(directory);
    foreach (var line in report.Lines) Console.WriteLine(line);
    return report.Failures == 0 && report.Inputs > 0 ? 0 : 1;
}

static int Afl(FuzzTarget target)
{
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Run(buffer.ToArray());
    });
    return 0;
}

static int LibFuzzer(FuzzTarget target)
{
    SharpFuzz.Fuzzer.LibFuzzer.Run(span => target.Run(span.ToArray()));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: GigGossip.FuzzHarness list | seeds DIR | replay DIR | afl TARGET | libfuzzer TARGET");
    Console.Error.WriteLine("targets: " + string.Join(", ", Targets.All.Select(t => t.Name)));
    return 2;
}
