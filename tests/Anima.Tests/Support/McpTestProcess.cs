using System.Diagnostics;

namespace Anima.Tests.Support;

/// <summary>The tiny MCP server of tests/Anima.McpTestServer: how to run it over stdio, and a running one over HTTP.</summary>
public sealed class McpTestProcess : IAsyncDisposable
{
    private readonly Process _process;

    private McpTestProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Its assembly, built beside the tests.</summary>
    public static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "Anima.McpTestServer.dll");

    /// <summary>The command line that runs it over stdio: <c>dotnet Anima.McpTestServer.dll</c>.</summary>
    public static string[] StdioCommand => ["dotnet", Assembly];

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/mcp";

    /// <summary>Starts it over streamable HTTP on <paramref name="port"/> (a free one by default) and waits until it answers.</summary>
    public static async Task<McpTestProcess> StartHttpAsync(int? port = null)
    {
        var chosen = port ?? FreePort.Next();
        return await StartHttpOnAsync(chosen);
    }

    private static async Task<McpTestProcess> StartHttpOnAsync(int port)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", [Assembly, "--http", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new McpTestProcess(process, port);
        using var http = new HttpClient();
        await Eventually.HoldsAsync(
            async () =>
            {
                Assert.False(process.HasExited, "the HTTP MCP server exited");
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/mcp");
            },
            TimeSpan.FromSeconds(30));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
