namespace Anima.Actors.Tools;

/// <summary>
/// One allow rule (anima.tools.permissions.allow, or "always" at a prompt): a tool's name (<c>web_get</c>,
/// <c>mcp__github__create_issue</c>), an MCP server (<c>mcp__github</c>: all its tools), or a bash command prefix
/// (<c>bash(git status)</c>: a simple command whose first words are these, so <c>git status --short</c> but not
/// <c>git statusx</c>, nor <c>git status; rm -rf ~</c>).
/// </summary>
public sealed record AllowRule
{
    private const string McpPrefix = "mcp__";

    private AllowRule(string text, string tool, IReadOnlyList<string>? prefix)
    {
        Text = text;
        Tool = tool;
        Prefix = prefix;
    }

    /// <summary>The rule as written (and journaled).</summary>
    public string Text { get; }

    /// <summary>The tool's name, or an MCP server's <c>mcp__name</c>.</summary>
    public string Tool { get; }

    /// <summary>The words a bash command must start with; null for a rule on a whole tool.</summary>
    public IReadOnlyList<string>? Prefix { get; }

    /// <summary>The rule <paramref name="text"/> means, or null with <paramref name="problem"/> saying what is wrong with it.</summary>
    public static AllowRule? Parse(string text, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        var open = trimmed.IndexOf('(');
        if (open < 0)
        {
            if (trimmed.Length == 0 || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                problem = $"'{text}' is not a tool name (letters, digits, _ - .), nor bash(COMMAND PREFIX)";
                return null;
            }

            return new AllowRule(trimmed, trimmed, null);
        }

        var tool = trimmed[..open];
        if (tool != BashTool.ToolName || !trimmed.EndsWith(')'))
        {
            problem = $"'{text}': only bash takes a prefix, as bash(git status)";
            return null;
        }

        var inner = trimmed[(open + 1)..^1];
        if (SimpleCommand.Words(inner) is not { } words)
        {
            problem = $"'{text}': the prefix must be plain words, without ; & | < > $ ` or quotes left open";
            return null;
        }

        return new AllowRule($"bash({string.Join(' ', words)})", tool, words);
    }

    /// <summary>
    /// Whether the rule allows calling <paramref name="tool"/> with <paramref name="input"/>. A bash prefix allows
    /// only a simple command (<see cref="SimpleCommand"/>) that starts with its words.
    /// </summary>
    public bool Allows(string tool, ToolInput? input)
    {
        if (Prefix is null)
        {
            return tool == Tool || (Tool.StartsWith(McpPrefix, StringComparison.Ordinal) && !Tool.AsSpan(McpPrefix.Length).Contains("__", StringComparison.Ordinal)
                && tool.StartsWith(Tool + "__", StringComparison.Ordinal));
        }

        if (tool != Tool || input?.Text("command") is not { } command || SimpleCommand.Words(command) is not { } words || words.Count < Prefix.Count)
        {
            return false;
        }

        for (var i = 0; i < Prefix.Count; i++)
        {
            if (words[i] != Prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The rule "always" offers for a call: a bash command's program and its subcommand (<c>git status</c>,
    /// <c>npm test</c>; <c>ls</c> for <c>ls -la</c>), or the tool itself. None for a bash command that is not simple:
    /// no prefix could allow it without allowing more.
    /// </summary>
    public static string? SuggestFor(string tool, ToolInput? input)
    {
        if (tool != BashTool.ToolName)
        {
            return tool;
        }

        if (input?.Text("command") is not { } command || SimpleCommand.Words(command) is not { } words || words[0].Any(char.IsWhiteSpace))
        {
            return null;
        }

        var prefix = words.Count > 1 && words[1].Length > 0 && words[1][0] != '-' && !words[1].Contains('/') && !words[1].Contains('=')
            ? $"{words[0]} {words[1]}"
            : words[0];
        return Parse($"bash({prefix})", out _)?.Text;
    }

    public override string ToString() => Text;
}
