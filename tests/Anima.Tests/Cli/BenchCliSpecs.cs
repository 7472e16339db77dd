using System.Diagnostics;

namespace Anima.Tests.Cli;

/// <summary>
/// The bench's command line (<c>./anima bench</c>), run as a process: a run takes minutes and the whole machine, so
/// asking for help, or a word it does not know, must answer at once and measure nothing.
/// </summary>
public sealed class BenchCliSpecs : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("anima-bench-cli-").FullName;

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_the_options_and_the_sections_and_measures_nothing(string help)
    {
        var table = Path.Combine(_scratch, "table.md");

        var (exit, stdout, stderr) = await RunBenchAsync("--out", table, help);

        Assert.Equal(0, exit);
        Assert.StartsWith("usage: ./anima bench", stdout);
        foreach (var word in new[] { "--quick", "--only", "--out", "--help", "main", "connect", "mind", "journal", "history", "memory", "mcp", "tools", "mneme" })
        {
            Assert.Contains(word, stdout);
        }

        Assert.Equal(string.Empty, stderr);
        Assert.False(File.Exists(table), "the bench wrote a table");
    }

    [Theory]
    [InlineData("'--quik' is not an option of the bench", "--quik")]
    [InlineData("there is no section 'tool'", "--only", "mind,tool")]
    [InlineData("--out needs the file", "--quick", "--out")]
    public async Task A_word_it_does_not_understand_is_named_with_the_options_and_exit_code_2(string said, params string[] args)
    {
        var (exit, stdout, stderr) = await RunBenchAsync(["--out", Path.Combine(_scratch, "table.md"), .. args]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("anima bench: ", stderr);
        Assert.Contains(said, stderr);
        Assert.Contains("usage: ./anima bench", stderr);
        Assert.DoesNotContain("brain:", stderr); // the line a run starts with
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>The bench's own build output (same configuration as the tests), as <c>dotnet</c> runs it.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunBenchAsync(params string[] args)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Anima.sln")))
        {
            root = root.Parent;
        }

        var bench = Path.Combine(root!.FullName, "bench", "Anima.Bench", "bin", testBin.Parent!.Name, testBin.Name, "anima-bench.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(bench);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the bench did not answer '{string.Join(' ', args)}' within 30 s: it started measuring? It said: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
