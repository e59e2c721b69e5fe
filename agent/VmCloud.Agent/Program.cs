using VmCloud.Agent.Hosting;

// vmcloud-agent: one per node (or a hollow fleet of simulated nodes); see `vmcloud-agent --help`.
return await AgentProgram.RunAsync(args, Console.Out, Console.Error);
