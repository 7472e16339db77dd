using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Anima.McpTestServer;

/// <summary>
/// A tiny MCP server for specs and the bench, written with the official SDK: over stdio by default, over streamable
/// HTTP with <c>--http PORT</c>. Its tools: <c>echo</c>, <c>add</c>, <c>env_set</c> (is a variable set in its
/// environment), <c>pid</c> (so a spec can kill it), <c>grow</c> (adds a tool, and the server says its list changed)
/// and <c>fail</c> (a tool error).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in Tools(tools))
        {
            tools.Add(tool);
        }

        if (args is ["--http", var port])
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "anima-test", Version = "1.0" };
                options.ToolCollection = tools;
            }).WithHttpTransport();
            var app = builder.Build();
            app.MapMcp("/mcp");
            await app.RunAsync();
            return 0;
        }

        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "anima-test", Version = "1.0" },
            ToolCollection = tools,
        };
        await using var server = McpServer.Create(new StdioServerTransport("anima-test"), options);
        await server.RunAsync();
        return 0;
    }

    private static IEnumerable<McpServerTool> Tools(McpServerPrimitiveCollection<McpServerTool> collection)
    {
        yield return McpServerTool.Create(
            ([Description("The text to say back")] string text) => $"echo: {text}",
            new McpServerToolCreateOptions { Name = "echo", Description = "Says the text back." });
        yield return McpServerTool.Create(
            ([Description("A number")] double a, [Description("Another number")] double b) => (a + b).ToString(System.Globalization.CultureInfo.InvariantCulture),
            new McpServerToolCreateOptions { Name = "add", Description = "Adds two numbers." });
        yield return McpServerTool.Create(
            ([Description("An environment variable's name")] string name) => Environment.GetEnvironmentVariable(name) is null ? $"{name} is unset" : $"{name} is set",
            new McpServerToolCreateOptions { Name = "env_set", Description = "Says whether a variable is set in the server's environment." });
        yield return McpServerTool.Create(
            () => Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new McpServerToolCreateOptions { Name = "pid", Description = "The server's process id." });
        yield return McpServerTool.Create(
            ([Description("The new tool's name")] string name) =>
            {
                collection.Add(McpServerTool.Create(() => $"{name} ran", new McpServerToolCreateOptions { Name = name, Description = $"A tool grown at run time: {name}." }));
                return $"grew {name}";
            },
            new McpServerToolCreateOptions { Name = "grow", Description = "Adds a tool to this server." });
        yield return McpServerTool.Create(
            string () => throw new InvalidOperationException("failing on purpose"),
            new McpServerToolCreateOptions { Name = "fail", Description = "Always fails." });
    }
}
