using VmCloud.Crds.Generator;

return CrdGeneratorCommand.Run(args, Console.Out, Console.Error);
