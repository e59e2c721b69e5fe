using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VmCloud.Core.Billing;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Metering.Postgres;
using VmCloud.Tests;

namespace VmCloud.Benchmarks;

/// <summary>
/// The billing ledger's back ends as the meter uses them: one writer recording a month of usage hour
/// by hour (all resources of an hour, then the next), in batches of B; the same records written again
/// (a meter restarting re-records what it is unsure of: every key is there already); and the month read
/// back, for all accounts and for one. The file ledger in a temporary folder; PostgreSQL a private
/// server started for the run (fsync on, over loopback TCP). Every write is durable before it returns.
/// </summary>
internal static class LedgerBenchmark
{
    private const int HoursPerMonth = 720;
    private const int Accounts = 10;
    // One record per commit costs a flush each: a few thousand show the rate without a long wait.
    private const int SingleRecordCap = 2_000;
    private static readonly DateTimeOffset FirstMonth = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Runs the benchmark. <c>--records N</c>: records per month (default 100,000); <c>--batch B</c>: only that batch size (default 1, 100 and 1,000).</summary>
    public static async Task RunAsync(string[] args)
    {
        var records = Option(args, "--records", 100_000);
        int[] batches = Array.IndexOf(args, "--batch") >= 0 ? [Option(args, "--batch", 1_000)] : [1, 100, 1_000];
        var resources = (records + HoursPerMonth - 1) / HoursPerMonth;
        Console.WriteLine($"ledger benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.FrameworkDescription}, "
            + $"{RuntimeInformation.OSDescription}, load average {LoadAverage()}");
        Console.WriteLine($"a month = {records:N0} records ({resources:N0} resources x {HoursPerMonth} hours, {Accounts} accounts), written hour by hour; "
            + $"batch 1 writes the first {SingleRecordCap:N0} only; one writer; every write durable (fsync) before it returns");
        Console.WriteLine($"{"back end",-10} {"operation",-22} {"batch",6} {"records",9} {"seconds",8} {"records/s",10} {"ms/call",9}");

        var directory = Directory.CreateTempSubdirectory("vmcloud-ledger-bench-").FullName;
        try
        {
            await using var file = FileLedger.Open(directory);
            await MeasureAsync("file", file, records, resources, batches);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        if (PostgresServer.Unavailable is { } reason)
        {
            Console.WriteLine($"postgres: not measured: {reason}");
            return;
        }
        await using var server = await PostgresServer.StartAsync();
        await using var postgres = await PostgresLedger.OpenAsync(await server.CreateDatabaseAsync("ledger_bench"), default);
        Console.WriteLine($"postgres: PostgreSQL {Path.GetFileName(Path.GetDirectoryName(server.Bin))} from {server.Bin}, a new cluster, default settings but fsync and synchronous_commit on");
        await MeasureAsync("postgres", postgres, records, resources, batches);
    }

    // Each batch size writes a month of its own, so every "new" write is new and the ledger grows as it would.
    private static async Task MeasureAsync(string name, ILedger ledger, int records, int resources, int[] batches)
    {
        // A month of 1,000 records written and read first, so no figure pays for the JIT.
        var warmUp = MonthOfUsage(-1, resources, 1_000);
        await WriteAsync(ledger, warmUp, 100, expectNew: true);
        await ReadAsync(ledger, BillingTime.MonthOf(warmUp[0].Hour), null, warmUp.Count);
        List<UsageRecord> largest = [];
        for (var i = 0; i < batches.Length; i++)
        {
            var month = MonthOfUsage(i, resources, batches[i] == 1 ? Math.Min(records, SingleRecordCap) : records);
            Print(name, "write new", batches[i], month.Count, await WriteAsync(ledger, month, batches[i], expectNew: true));
            Print(name, "rewrite existing", batches[i], month.Count, await WriteAsync(ledger, month, batches[i], expectNew: false));
            if (month.Count > largest.Count) largest = month;
        }
        var from = BillingTime.MonthOf(largest[0].Hour);
        Print(name, "read month", null, largest.Count, await ReadAsync(ledger, from, null, largest.Count));
        var ofOne = largest.Count(r => r.Account == "account-0");
        Print(name, "read month, 1 account", null, ofOne, await ReadAsync(ledger, from, "account-0", ofOne));
    }

    private static async Task<TimeSpan> WriteAsync(ILedger ledger, List<UsageRecord> records, int batch, bool expectNew)
    {
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < records.Count; start += batch)
        {
            var slice = records.GetRange(start, Math.Min(batch, records.Count - start));
            var added = await ledger.RecordAsync(slice, default);
            if (added != (expectNew ? slice.Count : 0))
                throw new InvalidOperationException($"{ledger.Description}: a batch of {slice.Count} added {added}, expected {(expectNew ? slice.Count : 0)}");
        }
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> ReadAsync(ILedger ledger, DateTimeOffset month, string? account, int expected)
    {
        var clock = Stopwatch.StartNew();
        var read = 0;
        await foreach (var _ in ledger.ReadAsync(month, month.AddMonths(1), account, default)) read++;
        if (read != expected) throw new InvalidOperationException($"{ledger.Description}: read {read} records, expected {expected}");
        return clock.Elapsed;
    }

    // Month 0 is January 2026, month -1 the warm-up; the first `count` records in the order the meter writes them.
    private static List<UsageRecord> MonthOfUsage(int index, int resources, int count)
    {
        var month = FirstMonth.AddMonths(index + 1);
        return Enumerable.Range(0, count).Select(i =>
        {
            var resource = i % resources;
            var account = $"account-{resource % Accounts}";
            return new UsageRecord($"{resource:x8}-6c1e-4c7a-9d2b-{index + 1:x12}", month.AddHours(i / resources), $"tenant-{resource % 50}", account,
                "VirtualServer", $"web-{resource}", "VPS-S", 1m, 0.013698630137m, 10m, 0.15m);
        }).ToList();
    }

    private static void Print(string name, string operation, int? batch, int records, TimeSpan elapsed)
    {
        var batches = batch is { } size ? (records + size - 1) / size : 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-10} {operation,-22} {(batch is null ? "-" : batch.Value.ToString("N0", CultureInfo.InvariantCulture)),6} {records,9:N0} {elapsed.TotalSeconds,8:F2} {records / elapsed.TotalSeconds,10:N0} {elapsed.TotalMilliseconds / batches,9:F2}"));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
