using GigGossip.Cli;

return await GigGossipCommand.RunAsync(args);
