using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Anima.Actors.Configuration;
using Anima.Client.Configuration;

namespace Anima.Actors.Mcp;

/// <summary>
/// Where MCP servers are configured, and how each entry is judged. Two places: <c>anima.mcp.servers.NAME</c> in
/// anima.conf (written by hand), and <c>config/mcp-servers.json</c> (written by <c>anima mcp add</c>, 0600 since env
/// values and headers are often tokens). A name may be in one of them only. A bad entry is refused with one line that
/// names it and says what to write instead.
/// </summary>
public static partial class McpConfig
{
    public const string Section = "anima.mcp.servers";

    private static readonly string[] StdioKeys = ["command", "args", "env"];
    private static readonly string[] HttpKeys = ["url", "headers"];

    /// <summary>The file <c>anima mcp add</c> writes, in <paramref name="home"/>'s config folder.</summary>
    public static string FileIn(AnimaHome home) => Path.Combine(home.Config, "mcp-servers.json");

    /// <summary>Every server of both places, by name; throws <see cref="AnimaConfigException"/> on a bad entry.</summary>
    public static IReadOnlyList<McpServerSpec> Load(AnimaHome home)
    {
        var fromConf = UserConfigFile.Read(home) is { } user ? FromConfig(user, home.ConfigFile) : [];
        var fromFile = ReadFile(FileIn(home));
        foreach (var twice in fromConf.Select(s => s.Name).Intersect(fromFile.Select(s => s.Name), StringComparer.Ordinal))
        {
            throw new AnimaConfigException(
                $"The MCP server '{twice}' is in both {home.ConfigFile} and {FileIn(home)}; remove one ('anima mcp remove {twice}' removes the second).");
        }

        return [.. fromConf.Concat(fromFile).OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>The servers of the <c>anima.mcp.servers</c> section of <paramref name="config"/>.</summary>
    public static IReadOnlyList<McpServerSpec> FromConfig(Config config, string source)
    {
        if (!config.HasPath(Section))
        {
            return [];
        }

        var section = config.GetValue(Section);
        if (!section.IsObject())
        {
            throw new AnimaConfigException($"{source}: {Section} must be an object of servers, such as {Section}.files {{ command = \"npx\", args = [\"-y\", \"@modelcontextprotocol/server-filesystem\", \"/tmp\"] }}.");
        }

        var servers = new List<McpServerSpec>();
        foreach (var (name, value) in section.GetObject().Items)
        {
            var where = $"{source}: {Section}.{name}";
            if (!value.IsObject())
            {
                throw new AnimaConfigException($"{where} must be an object with command (and args, env) or url (and headers).");
            }

            var fields = value.GetObject().Items;
            CheckKeys(fields.Keys, where);
            servers.Add(Build(
                name,
                Text(fields, "command", where),
                fields.TryGetValue("args", out var args) ? Strings(args, $"{where}.args") : [],
                fields.TryGetValue("env", out var env) ? Pairs(env, $"{where}.env") : new Dictionary<string, string>(),
                Text(fields, "url", where),
                fields.TryGetValue("headers", out var headers) ? Pairs(headers, $"{where}.headers") : new Dictionary<string, string>(),
                source,
                where));
        }

        return servers;
    }

    /// <summary>The servers of the file <c>anima mcp add</c> writes (none when it does not exist).</summary>
    public static IReadOnlyList<McpServerSpec> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new AnimaConfigException($"{path} is not valid JSON ({ex.Message}). Fix it, or remove it and add the servers again with 'anima mcp add'.", ex);
        }

        if (root?["servers"] is not JsonObject servers)
        {
            return [];
        }

        var list = new List<McpServerSpec>();
        foreach (var (name, node) in servers)
        {
            var where = $"{path}: {name}";
            if (node is not JsonObject fields)
            {
                throw new AnimaConfigException($"{where} must be an object with command (and args, env) or url (and headers).");
            }

            CheckKeys(fields.Select(kv => kv.Key), where);
            try
            {
                list.Add(Build(
                    name,
                    fields["command"]?.GetValue<string>(),
                    fields["args"] is JsonArray args ? [.. args.Select(a => a?.GetValue<string>() ?? string.Empty)] : [],
                    fields["env"] is JsonObject env ? env.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? string.Empty) : new Dictionary<string, string>(),
                    fields["url"]?.GetValue<string>(),
                    fields["headers"] is JsonObject headers ? headers.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? string.Empty) : new Dictionary<string, string>(),
                    path,
                    where));
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                throw new AnimaConfigException($"{where}: command, url and every arg, env and header value must be strings.", ex);
            }
        }

        return list;
    }

    /// <summary>Writes <paramref name="servers"/> (those from the file only) to <paramref name="path"/>, 0600, whole or not at all.</summary>
    public static void WriteFile(string path, IEnumerable<McpServerSpec> servers)
    {
        var root = new JsonObject();
        var list = new JsonObject();
        foreach (var server in servers.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var entry = new JsonObject();
            if (server.IsStdio)
            {
                entry["command"] = server.Command;
                entry["args"] = new JsonArray([.. server.Args.Select(a => (JsonNode?)JsonValue.Create(a))]);
                entry["env"] = new JsonObject(server.Env.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
            }
            else
            {
                entry["url"] = server.Url;
                entry["headers"] = new JsonObject(server.Headers.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
            }

            list[server.Name] = entry;
        }

        root["servers"] = list;
        AnimaHome.WritePrivateFile(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>A server from its parts, judged; <paramref name="where"/> starts the one-line error.</summary>
    public static McpServerSpec Build(
        string name,
        string? command,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> env,
        string? url,
        IReadOnlyDictionary<string, string> headers,
        string source,
        string where)
    {
        if (!ServerName().IsMatch(name))
        {
            throw new AnimaConfigException($"{where}: '{name}' is not a server name Anima can use: letters, digits, '-' and '_' only, at most 32 (its tools are named mcp__{{name}}__{{tool}}).");
        }

        if (string.IsNullOrWhiteSpace(command) == string.IsNullOrWhiteSpace(url))
        {
            throw new AnimaConfigException($"{where} needs either command (a program to run, speaking MCP on stdin/stdout) or url (a streamable-HTTP endpoint), not {(string.IsNullOrWhiteSpace(command) ? "neither" : "both")}.");
        }

        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new AnimaConfigException($"{where}.url = \"{url}\" is not an http:// or https:// address.");
        }

        if (command is not null && headers.Count > 0)
        {
            throw new AnimaConfigException($"{where}: headers go with a url; a command takes env.");
        }

        if (url is not null && (args.Count > 0 || env.Count > 0))
        {
            throw new AnimaConfigException($"{where}: args and env go with a command; a url takes headers.");
        }

        foreach (var key in env.Keys.Where(k => k.Length == 0 || k.Contains('=', StringComparison.Ordinal)))
        {
            throw new AnimaConfigException($"{where}.env: '{key}' is not an environment variable name.");
        }

        foreach (var key in headers.Keys.Where(k => !HeaderName().IsMatch(k)))
        {
            throw new AnimaConfigException($"{where}.headers: '{key}' is not an HTTP header name.");
        }

        return new McpServerSpec(name, command?.Trim(), args, env, url, headers, source);
    }

    private static void CheckKeys(IEnumerable<string> keys, string where)
    {
        foreach (var key in keys.Where(k => !StdioKeys.Contains(k) && !HttpKeys.Contains(k)))
        {
            var nearest = StdioKeys.Concat(HttpKeys).MinBy(k => EditDistance.Between(k, key));
            throw new AnimaConfigException(
                $"{where}.{key} is not a server setting{(nearest is not null && EditDistance.Between(nearest, key) <= 2 ? $" (did you mean {nearest}?)" : string.Empty)}: a server has command, args, env (stdio) or url, headers (HTTP).");
        }
    }

    private static string? Text(Dictionary<string, HoconValue> fields, string key, string where)
    {
        if (!fields.TryGetValue(key, out var value))
        {
            return null;
        }

        if (!value.IsString())
        {
            throw new AnimaConfigException($"{where}.{key} must be a string.");
        }

        return value.GetString();
    }

    private static IReadOnlyList<string> Strings(HoconValue value, string where) =>
        value.IsArray() && value.GetArray().All(v => v.IsString())
            ? [.. value.GetArray().Select(v => v.GetString())]
            : throw new AnimaConfigException($"{where} must be a list of strings, such as [\"-y\", \"@modelcontextprotocol/server-filesystem\", \"/tmp\"].");

    private static Dictionary<string, string> Pairs(HoconValue value, string where)
    {
        if (!value.IsObject())
        {
            throw new AnimaConfigException($"{where} must be an object of names and strings, such as {{ API_TOKEN = \"…\" }}.");
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, item) in value.GetObject().Items)
        {
            pairs[key] = item.IsString() ? item.GetString() : throw new AnimaConfigException($"{where}.{key} must be a string (quote it).");
        }

        return pairs;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex ServerName();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();
}
