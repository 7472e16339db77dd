namespace Anima.Bench;

/// <summary>
/// The bench's command line. A full run takes minutes and the whole machine, so <c>--help</c> and anything the bench
/// does not understand stop before a brain is started.
/// </summary>
public sealed record BenchOptions(bool Quick, IReadOnlySet<string>? Only, string Output)
{
    /// <summary>Each section, with what it measures: the names <c>--only</c> takes.</summary>
    public static readonly IReadOnlyList<(string Name, string Measures)> Sections =
    [
        ("main", "a brain and its client: start, turns, streaming, concurrent turns, RSS, TUI paint"),
        ("connect", "a client's cold connect"),
        ("mind", "what the mind adds to a turn"),
        ("journal", "the journal in process against raw SQLite"),
        ("history", "the journal, then attaching to a long session"),
        ("memory", "many sessions recovered and passivated: the brain's memory"),
        ("mcp", "a call to an MCP server's tool"),
        ("tools", "a tool call through the registry and the permission check"),
        ("mneme", "memory: all four below"),
        ("mneme-cost", "a turn with memory on against off, two brains in alternating blocks"),
        ("mneme-recall", "recall among 10,000 memories, in process, and where its time goes"),
        ("mneme-session", "a 200-turn session with memory: the prompt cache, facts recalled, RSS"),
        ("mneme-quality", "recall@5 of 50 questions among 2,000 other memories"),
    ];

    public static string Usage(string defaultOutput) =>
        $"""
        usage: ./anima bench [--quick] [--only SECTION,...] [--out FILE]
           or: dotnet run --project bench/Anima.Bench -c Release -- [options]

        Measures a real brain, with a wire-level fake LLM and remote clients, each figure beside a baseline taken in
        the same run. The full run takes about ten minutes and --quick under two; either keeps the machine busy.

          --quick          smaller sizes: a quick look, not figures to compare with the README's
          --only SECTIONS  run only these sections, comma-separated (the baselines always run):
        {string.Join(Environment.NewLine, Sections.Select(s => $"                     {s.Name,-14} {s.Measures}"))}
          --out FILE       where the markdown table is written (default: {defaultOutput})
          -h, --help       this text
        """;

    /// <summary>The options, or why not (said with <see cref="Usage"/>, exit code 2); null options and no error: help.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args, string defaultOutput)
    {
        var quick = false;
        HashSet<string>? only = null;
        var output = defaultOutput;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    return (null, null);
                case "--quick":
                    quick = true;
                    break;
                case "--only" when i + 1 < args.Count && !args[i + 1].StartsWith('-'):
                    only = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    if (only.FirstOrDefault(name => Sections.All(s => s.Name != name)) is { } unknown)
                    {
                        return (null, $"there is no section '{unknown}'.");
                    }

                    break;
                case "--only":
                    return (null, "--only needs the sections to run, comma-separated (for example --only mind,tools).");
                case "--out" when i + 1 < args.Count && !args[i + 1].StartsWith('-'):
                    output = args[++i];
                    break;
                case "--out":
                    return (null, "--out needs the file to write the table to.");
                default:
                    return (null, $"'{args[i]}' is not an option of the bench.");
            }
        }

        return (new BenchOptions(quick, only, output), null);
    }
}
