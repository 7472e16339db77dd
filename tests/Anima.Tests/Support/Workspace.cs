using Akka.Actor;
using Anima.Actors.Tools;

namespace Anima.Tests.Support;

/// <summary>A real folder on disk as a session's working directory, and the brain's tools run in it through the registry.</summary>
public sealed class Workspace : IDisposable
{
    private readonly WebGet _web = new(TimeSpan.FromSeconds(5));
    private readonly ToolRegistry _tools;

    public Workspace(FileToolLimits? limits = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "anima-ws-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        _tools = ToolRegistry.BuiltIn(TimeSpan.FromSeconds(30), _web, limits);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public Workspace Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), text);
        return this;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Calls <paramref name="tool"/> with <paramref name="inputJson"/> as the model would, in this folder.</summary>
    public Task<ToolResult> RunAsync(string tool, string inputJson, CancellationToken cancellationToken = default) =>
        _tools.RunAsync(tool, inputJson, new ToolContext("session-1", "toolu_1", ActorRefs.Nobody, Root), cancellationToken);

    /// <summary>Calls <paramref name="tool"/> with <paramref name="input"/> (an anonymous object) as JSON.</summary>
    public Task<ToolResult> RunAsync(string tool, object input) => RunAsync(tool, System.Text.Json.JsonSerializer.Serialize(input));

    public void Dispose()
    {
        _web.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
