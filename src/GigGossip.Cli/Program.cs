using GigGossip.Cli;
using GigGossip.Hosting;

if (SimulatorProcess.ShouldRestart(args) && SimulatorProcess.Restart(args) is { } exitCode) return exitCode;
BackendChoices.ApplyFromEnvironment();
return await GigGossipCommand.RunAsync(args);
