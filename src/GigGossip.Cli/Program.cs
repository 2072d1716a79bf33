using GigGossip.Cli;
using GigGossip.Hosting;

BackendChoices.ApplyFromEnvironment();
return await GigGossipCommand.RunAsync(args);
