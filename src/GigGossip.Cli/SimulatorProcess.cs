using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace GigGossip.Cli;

/// <summary>
/// `giggossip simulate` is one batch job whose heap holds every node's state, and at the runtime's default young-generation
/// budget the collector ran so often that it cost two fifths of a run (10,000 nodes x 10 requests: 35.7 CPU-s by default,
/// 21.7 CPU-s with a 64 MiB budget; docs/simulation/speed.md). The runtime reads that budget only from the environment
/// (<c>DOTNET_GCgen0size</c> has no runtimeconfig.json name), before any managed code runs, so the command starts itself
/// once more with it set. A budget the caller set (any value, <c>0</c> for the runtime's default) is kept and nothing restarts.
/// The child also runs with <c>DOTNET_GCConserveMemory=0</c> unless the caller set that (9, which giggossip's runtimeconfig.json
/// asked for until the relay benchmark showed it cost the node a quarter of its speed, made nearly every collection of a run a
/// full one: 30,000 nodes, 42 of 52; 11-16 % more CPU for 3-5 % less peak). A run that must fit less memory (1,000,000 nodes)
/// sets 9 itself.
/// </summary>
internal static class SimulatorProcess
{
    public const string BudgetVariable = "DOTNET_GCgen0size";

    /// <summary>64 MiB: 256 MiB saved another 4 % of CPU for 15 % more peak memory at 10,000 nodes.</summary>
    public const string Budget = "0x4000000";

    public const string ConserveVariable = "DOTNET_GCConserveMemory";

    /// <summary>The collector compacts the old generation only when it needs to (the runtime's default, named so the report says it).</summary>
    public const string Conserve = "0";

    public static bool ShouldRestart(string[] args) =>
        args.Length > 0 && args[0] == "simulate" && Environment.GetEnvironmentVariable(BudgetVariable) is null && Environment.ProcessPath is not null;

    /// <summary>
    /// Runs the same command line in a child with the budget set, on this process's console, and returns its exit code; null
    /// when the child could not start (the caller runs the simulation itself, at the default budget).
    /// </summary>
    public static int? Restart(string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        // Under `dotnet giggossip.dll` the host is dotnet and the first argument the runtime got is the application's path.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment[BudgetVariable] = Budget;
        if (Environment.GetEnvironmentVariable(ConserveVariable) is null) start.Environment[ConserveVariable] = Conserve;
        Process child;
        try
        {
            child = Process.Start(start) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception)
        {
            return null;
        }
        using (child)
        {
            // Ctrl+C reaches the child too (same process group): it stops its runs and exits, and this process waits for it.
            Console.CancelKeyPress += (_, e) => e.Cancel = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopChild(child);
            child.WaitForExit();
            return child.ExitCode;
        }
    }

    /// <summary>
    /// The largest young-generation budget the collector of this process uses, for the report's machine line (the runtime's
    /// default on the 2-core build machine is 6 MiB).
    /// </summary>
    public static string CurrentBudget() =>
        GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var value)
            ? $"{Convert.ToInt64(value, CultureInfo.InvariantCulture) / (1024 * 1024)} MiB"
            : "unknown";

    /// <summary>The collector's ConserveMemory setting of this process (environment first, then runtimeconfig.json), for the machine line.</summary>
    public static string CurrentConserveMemory() =>
        Environment.GetEnvironmentVariable(ConserveVariable) ?? AppContext.GetData("System.GC.ConserveMemory")?.ToString() ?? "0";

    private static void StopChild(Process child)
    {
        try
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }
}
