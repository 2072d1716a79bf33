using System.Globalization;
using System.Runtime.InteropServices;

namespace GigGossip.Cli.Load;

/// <summary>
/// Keeps every thread of this process on a set of CPUs (Linux <c>sched_setaffinity</c>, applied to each thread listed in
/// <c>/proc/self/task</c>; threads started later inherit their creator's set). A benchmark uses it to give the node under
/// test one core and its load generator the others. Elsewhere, or when the kernel refuses, nothing is pinned and the
/// caller reports that.
/// </summary>
internal static partial class CpuAffinity
{
    private const string Tasks = "/proc/self/task";

    /// <summary>True when every thread of this process now runs only on <paramref name="cpus"/>.</summary>
    public static bool TryPin(IReadOnlyCollection<int> cpus)
    {
        if (!OperatingSystem.IsLinux() || cpus.Count == 0 || !Directory.Exists(Tasks)) return false;
        var mask = new ulong[Math.Max(1, (cpus.Max() / 64) + 1)];
        foreach (var cpu in cpus)
        {
            if (cpu < 0) return false;
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        // Twice: a thread started while the first pass ran may have copied its creator's old set.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var task in Directory.EnumerateDirectories(Tasks))
            {
                if (!int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var thread)) continue;
                if (SetAffinity(thread, (nuint)(mask.Length * sizeof(ulong)), mask) != 0 && Directory.Exists(task)) return false;
            }
        }
        return true;
    }

    /// <summary>The CPUs after the first <paramref name="skip"/> of this machine (at least CPU 0).</summary>
    public static int[] Rest(int skip) =>
        Environment.ProcessorCount > skip ? [.. Enumerable.Range(skip, Environment.ProcessorCount - skip)] : [0];

    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SetAffinity(int thread, nuint size, ulong[] mask);
}
