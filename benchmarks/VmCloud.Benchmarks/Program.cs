using VmCloud.Benchmarks;

// vmcloud-bench NAME [options]: each benchmark prints its own figures with the machine and date.
var benchmarks = new Dictionary<string, Func<string[], Task>>
{
    ["store"] = StoreBenchmark.RunAsync,
    ["scheduler"] = SchedulerBenchmark.RunAsync,
    ["runtime"] = RuntimeBenchmark.RunAsync,
    ["controlplane"] = ControlPlaneBenchmark.RunAsync,
    ["converge"] = ConvergeBenchmark.RunAsync,
    ["gitops"] = GitOpsBenchmark.RunAsync,
    ["metrics"] = MetricsBenchmark.RunAsync,
    ["ledger"] = LedgerBenchmark.RunAsync,
};
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: vmcloud-bench {string.Join("|", benchmarks.Keys)} [options]");
    return 2;
}
await run(args[1..]);
return 0;
