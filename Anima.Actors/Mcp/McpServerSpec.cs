using System.Text.Json;

namespace Anima.Actors.Mcp;

/// <summary>
/// One MCP server as configured: a command to run (stdio) or a URL (streamable HTTP), with the environment or headers
/// it is given. Env values and header values are secrets: never logged, journaled or shown (<see cref="Describe"/>
/// masks them).
/// </summary>
public sealed record McpServerSpec(
    string Name,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string? Url,
    IReadOnlyDictionary<string, string> Headers,
    string Source)
{
    public const string Masked = "•••";

    public bool IsStdio => Command is not null;

    public string Kind => IsStdio ? "stdio" : "http";

    /// <summary>How it is reached, secrets masked: <c>npx -y server (env TOKEN=•••)</c> or <c>https://… (header Authorization: •••)</c>.</summary>
    public string Describe()
    {
        var target = IsStdio ? string.Join(' ', new[] { Command! }.Concat(Args.Select(Quote))) : Url!;
        var secrets = IsStdio
            ? Env.Keys.Select(key => $"{key}={Masked}")
            : Headers.Keys.Select(key => $"{key}: {Masked}");
        var list = string.Join(", ", secrets);
        return list.Length == 0 ? target : $"{target} ({(IsStdio ? "env" : "headers")} {list})";
    }

    /// <summary><paramref name="text"/> with every secret value of this server masked (a server may echo them in its errors).</summary>
    public string Redact(string text)
    {
        foreach (var secret in Env.Values.Concat(Headers.Values).Where(v => v.Length >= 4).OrderByDescending(v => v.Length))
        {
            text = text.Replace(secret, Masked, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>True when the two would run the same server the same way (a restart is needed otherwise).</summary>
    public bool SameServerAs(McpServerSpec other) => Fingerprint() == other.Fingerprint();

    private string Fingerprint() => JsonSerializer.Serialize(new object?[]
    {
        Name, Command, Args, Env.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray(), Url,
        Headers.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray(),
    });

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => !char.IsWhiteSpace(c) && c is not '"' and not '\'') ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
