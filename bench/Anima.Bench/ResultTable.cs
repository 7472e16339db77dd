using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Anima.Bench;

/// <summary>The markdown report: the machine, the table, and how it was produced.</summary>
public static class ResultTable
{
    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Num(double value, string unit) =>
        (value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture)) + unit;

    public static string Ratio(double ratio, string suffix = "×") =>
        double.IsNaN(ratio) || double.IsInfinity(ratio) ? "n/a" : ratio.ToString(ratio < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + suffix;

    public static string Percent(double ratio) =>
        double.IsNaN(ratio) ? "n/a" : (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Render(IReadOnlyList<BenchRow> rows, BenchSizes sizes, TimeSpan elapsed, IReadOnlyList<string> notes)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Anima bench ({(sizes.Quick ? "--quick" : "full")}), {DateTimeOffset.Now:yyyy-MM-dd HH:mm}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine()}; .NET {Environment.Version}; run took {elapsed.TotalSeconds:0} s.");
        text.AppendLine();
        text.AppendLine("| figure | measured | baseline (same run) | ratio | target | met |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var met = row.Met switch { true => "yes", false => "**no**", null => "—" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Figure} | {row.Measured} | {row.Baseline} | {row.Ratio} | {row.Target} | {met} |");
        }

        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return text.ToString();
    }

    private static string Machine()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        var memory = "";
        try
        {
            var kb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            memory = $", {long.Parse(kb, CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GB RAM";
        }
        catch (IOException)
        {
        }

        return $"{cpu}, {Environment.ProcessorCount} cores{memory}, {RuntimeInformation.OSDescription}";
    }
}
