using VmCloud.Cli;

return await Vmcl.RunAsync(args, Console.Out, Console.Error);
