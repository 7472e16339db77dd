using BenchmarkDotNet.Running;

namespace Anima.Benchmarks;

/// <summary>
/// Micro-benchmarks of the pure parts of the brain and the TUI. Run all with
/// <c>dotnet run -c Release --project bench/Anima.Benchmarks -- --filter '*'</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
