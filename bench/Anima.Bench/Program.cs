using System.Diagnostics;

namespace Anima.Bench;

/// <summary>
/// <c>./anima bench [--quick] [--only SECTION,...] [--out FILE]</c> (<see cref="BenchOptions"/>; or <c>dotnet run --project bench/Anima.Bench -c Release -- [--quick]</c>):
/// measures a real brain process against the machine's own limits and writes a markdown table.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var defaultOutput = Path.Combine(RepoRoot(), "bench-results", "latest.md");
        var (options, error) = BenchOptions.Parse(args, defaultOutput);
        if (options is null)
        {
            if (error is null)
            {
                Console.WriteLine(BenchOptions.Usage(defaultOutput));
                return 0;
            }

            Console.Error.WriteLine($"anima bench: {error}");
            Console.Error.WriteLine(BenchOptions.Usage(defaultOutput));
            return 2;
        }

        var (quick, only, output) = options;
        var sizes = BenchSizes.For(quick);
        var started = Stopwatch.GetTimestamp();
        Console.Error.WriteLine($"anima bench ({(quick ? "--quick" : "full")}); brain: {BrainProcess.EntryAssembly}");
        var run = new BenchRun(sizes, line => Console.Error.WriteLine($"[{Stopwatch.GetElapsedTime(started).TotalSeconds,5:0.0}s] {line}"), only);
        var exit = 0;
        try
        {
            await run.RunAsync();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"anima bench: stopped early: {ex}");
            exit = 1;
        }

        var table = ResultTable.Render(run.Rows, sizes, Stopwatch.GetElapsedTime(started), run.Notes);
        Console.WriteLine(table);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, table);
        Console.Error.WriteLine($"written to {output}");
        return exit;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Anima.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
