using System.CommandLine;
using System.Text;
using Anima.Actors.Mcp;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Messages.Clients;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima mcp add NAME -- CMD ARGS… | add NAME --url URL [--header K=V] | list | remove NAME</c>: the MCP servers
/// whose tools the agent may call. add and remove write config/mcp-servers.json (0600: env values and headers are
/// often tokens), which a running brain reads again within a few seconds; list shows what the brain runs, each
/// server's state and tools, secrets masked.
/// </summary>
public static class McpCommand
{
    public static Command Create()
    {
        var command = new Command("mcp", "MCP servers whose tools the agent may call: add, list, remove");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The server's name; its tools reach the model as mcp__NAME__TOOL" };
        var commandLine = new Argument<string[]>("command") { Description = "After --: the program to run and its arguments (a stdio server)", Arity = ArgumentArity.ZeroOrMore };
        var url = new Option<string?>("--url") { Description = "A streamable-HTTP server's address instead of a command", HelpName = "URL" };
        var headers = new Option<string[]>("--header") { Description = "An HTTP header for a --url server (repeatable)", HelpName = "NAME=VALUE", AllowMultipleArgumentsPerToken = false };
        var env = new Option<string[]>("--env") { Description = "An environment variable for a command's server (repeatable)", HelpName = "NAME=VALUE", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "Add a server: 'anima mcp add NAME -- CMD ARGS…' or 'anima mcp add NAME --url URL [--header K=V]'") { name, commandLine, url, headers, env };
        add.SetAction(parse =>
        {
            var home = AnimaHome.FromEnvironment();
            home.EnsureCreated();
            var serverName = parse.GetValue(name)!;
            var words = parse.GetValue(commandLine) ?? [];
            var file = McpConfig.FileIn(home);
            var existing = McpConfig.Load(home);
            if (existing.FirstOrDefault(s => s.Name == serverName) is { } taken)
            {
                Console.Error.WriteLine($"anima: there is already an MCP server '{serverName}' (in {taken.Source}). Remove it first: {(taken.Source == file ? $"'anima mcp remove {serverName}'" : "edit that file")}.");
                return 1;
            }

            if (Misuse(words, parse.GetValue(url), parse.GetValue(headers), parse.GetValue(env)) is { } misuse)
            {
                Console.Error.WriteLine($"anima: {misuse}");
                return 1;
            }

            var spec = McpConfig.Build(
                serverName,
                words.Length > 0 ? words[0] : null,
                words.Skip(1).ToArray(),
                Pairs(parse.GetValue(env), "--env"),
                parse.GetValue(url),
                Pairs(parse.GetValue(headers), "--header"),
                file,
                "anima mcp add");
            McpConfig.WriteFile(file, [.. McpConfig.ReadFile(file), spec]);
            Console.WriteLine($"Added MCP server '{spec.Name}' ({spec.Kind}: {spec.Describe()}) to {file}.");
            Console.WriteLine("A running brain starts it within a few seconds; 'anima mcp list' shows its state and tools.");
            return 0;
        });
        return add;
    }

    private static Command List()
    {
        var host = CliOptions.Host();
        var list = new Command("list", "Each configured server: how it is reached (secrets masked), its state in the brain, its tools") { host };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            IReadOnlyList<McpServerSpec>? configured = null;
            string? problem = null;
            try
            {
                configured = McpConfig.Load(home);
            }
            catch (AnimaConfigException ex)
            {
                problem = ex.Message; // what the brain runs is still worth seeing, with the line that says what to fix
            }

            McpServerList? running = null;
            string? unreachable = null;
            try
            {
                await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima mcp list", cancellationToken, BackoffPolicy.None);
                running = await client.RequestAsync<McpServerList>(new GetMcpServers());
            }
            catch (BrainUnavailableException ex)
            {
                unreachable = ex.Message;
            }

            Console.Out.Write(Text(configured, running, unreachable, problem));
            return problem is null ? 0 : 1;
        });
        return list;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The server's name (as listed)" };
        var remove = new Command("remove", "Remove a server added with 'anima mcp add' (its process is stopped)") { name };
        remove.SetAction(parse =>
        {
            var home = AnimaHome.FromEnvironment();
            var serverName = parse.GetValue(name)!;
            var file = McpConfig.FileIn(home);
            var inFile = McpConfig.ReadFile(file);
            if (inFile.All(s => s.Name != serverName))
            {
                var elsewhere = McpConfig.Load(home).FirstOrDefault(s => s.Name == serverName);
                Console.Error.WriteLine(elsewhere is null
                    ? $"anima: there is no MCP server '{serverName}'. 'anima mcp list' shows them."
                    : $"anima: the MCP server '{serverName}' is configured in {elsewhere.Source} ({McpConfig.Section}.{serverName}); remove it there.");
                return 1;
            }

            McpConfig.WriteFile(file, inFile.Where(s => s.Name != serverName));
            Console.WriteLine($"Removed MCP server '{serverName}'. A running brain stops it within a few seconds.");
            return 0;
        });
        return remove;
    }

    /// <summary>What is wrong with how <c>mcp add</c> was called, in the words of its options; null when nothing is.</summary>
    private static string? Misuse(string[] command, string? url, string[]? headers, string[]? env)
    {
        if ((command.Length > 0) == (url is not null))
        {
            return command.Length > 0
                ? "give either a command (after --) or --url, not both."
                : "give the server's command after -- (anima mcp add NAME -- npx -y some-mcp-server) or its --url.";
        }

        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return $"--url {url} is not an http:// or https:// address (such as http://127.0.0.1:3000/mcp).";
        }

        if (url is not null && env is { Length: > 0 })
        {
            return "--env goes with a command's server; a --url server takes --header.";
        }

        return url is null && headers is { Length: > 0 } ? "--header goes with --url; a command's server takes --env." : null;
    }

    private static Dictionary<string, string> Pairs(string[]? given, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in given ?? [])
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw new FormatException($"{option} {pair.Split('=')[0]}…: give NAME=VALUE.");
            }

            pairs[pair[..split].Trim()] = pair[(split + 1)..];
        }

        return pairs;
    }

    private static string Text(IReadOnlyList<McpServerSpec>? configuredOrNot, McpServerList? running, string? unreachable, string? problem)
    {
        var text = new StringBuilder();
        var configured = configuredOrNot ?? [];
        if (problem is null && configured.Count == 0 && (running is null || running.Servers.Count == 0))
        {
            text.Append("No MCP servers. Add one: anima mcp add NAME -- COMMAND ARGS…  or  anima mcp add NAME --url URL\n");
        }

        foreach (var spec in configured)
        {
            var status = running?.Servers.FirstOrDefault(s => s.Name == spec.Name);
            var state = running is null ? "unknown (no brain answers)"
                : status is null ? "not started yet (the brain reads the change within a few seconds)"
                : status.Reason is null ? status.State
                : $"{status.State}: {status.Reason}";
            text.Append(spec.Name).Append("  ").Append(spec.Kind).Append("  ").Append(spec.Describe()).Append('\n');
            text.Append("  state: ").Append(state).Append(status is { Restarts: > 0 } ? $" (restarted {status.Restarts}×)" : string.Empty).Append('\n');
            if (status is { Tools.Count: > 0 })
            {
                text.Append("  tools: ").Append(string.Join(", ", status.Tools)).Append('\n');
            }
        }

        foreach (var other in running?.Servers.Where(s => configured.All(c => c.Name != s.Name)) ?? [])
        {
            text.Append(other.Name).Append("  ").Append(other.Kind).Append("  ").Append(other.Target).Append('\n');
            text.Append("  state: ").Append(other.Reason is null ? other.State : $"{other.State}: {other.Reason}")
                .Append(other.Restarts > 0 ? $" (restarted {other.Restarts}×)" : string.Empty)
                .Append(configuredOrNot is null ? string.Empty : " (being removed)").Append('\n');
            if (other.Tools.Count > 0)
            {
                text.Append("  tools: ").Append(string.Join(", ", other.Tools)).Append('\n');
            }
        }

        if (problem is not null)
        {
            text.Append(text.Length > 0 ? "\n" : string.Empty).Append("The configuration cannot be read: ").Append(problem).Append('\n');
        }
        else if (running?.ConfigProblem is { } brainProblem)
        {
            text.Append("\nThe brain could not apply the configuration: ").Append(brainProblem).Append('\n');
        }

        if (unreachable is not null && configured.Count > 0)
        {
            text.Append("\nNo brain answers, so states are unknown (").Append(unreachable.ReplaceLineEndings(" ")).Append(")\n");
        }

        return Console.IsOutputRedirected ? text.ToString() : TerminalText.Escape(text.ToString());
    }
}
