namespace Anima.Bench;

/// <summary>One line of the result table: the figure, its baseline from the same run, the ratio, the target, and whether it was met.</summary>
public sealed record BenchRow(string Figure, string Measured, string Baseline, string Ratio, string Target, bool? Met, string Notes = "");
