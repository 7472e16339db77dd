using System.Text.Json;
using Anima.Actors.Providers;

namespace Anima.Actors.Tools;

/// <summary>
/// The tools of a brain: the catalog sent to the model with every call, and the one door through which a call
/// runs. A call it cannot run (an unknown name, input that is not what the tool takes, a tool that throws) comes
/// back as an error result for the model to read, so the turn goes on. Beside its fixed tools it may read a
/// <see cref="ToolShelf"/> (MCP servers' tools, which change while the brain runs): those come after the fixed ones.
/// </summary>
public sealed class ToolRegistry
{
    private readonly Dictionary<string, ITool> _byName;
    private readonly IReadOnlyList<ToolDefinition> _fixedCatalog;
    private readonly ToolShelf? _shelf;
    private volatile Tuple<ToolShelfView, IReadOnlyList<ToolDefinition>> _withShelf; // swapped whole: loops read it at once

    public ToolRegistry(IEnumerable<ITool> tools, ToolShelf? shelf = null)
    {
        var all = tools.ToArray();
        _byName = new Dictionary<string, ITool>(StringComparer.Ordinal);
        foreach (var tool in all)
        {
            if (!_byName.TryAdd(tool.Name, tool))
            {
                throw new ArgumentException($"Two tools are named '{tool.Name}'; the model could not tell them apart.", nameof(tools));
            }
        }

        Tools = all;
        _fixedCatalog = all.Select(tool => new ToolDefinition(tool.Name, tool.Description, tool.InputSchema)).ToArray();
        _shelf = shelf;
        _withShelf = Tuple.Create(ToolShelfView.Empty, _fixedCatalog);
    }

    /// <summary>The fixed tools, in registration order.</summary>
    public IReadOnlyList<ITool> Tools { get; }

    /// <summary>The shelf this registry reads besides its fixed tools, if any.</summary>
    public ToolShelf? Shelf => _shelf;

    /// <summary>
    /// The tools as the model sees them: the fixed ones in registration order, then the shelf's by name (a stable
    /// prefix of every request, which changes only when a tool does).
    /// </summary>
    public IReadOnlyList<ToolDefinition> Catalog
    {
        get
        {
            if (_shelf is null)
            {
                return _fixedCatalog;
            }

            var view = _shelf.Current;
            var cached = _withShelf;
            if (ReferenceEquals(cached.Item1, view))
            {
                return cached.Item2;
            }

            var catalog = view.Catalog.Count == 0 ? _fixedCatalog : [.. _fixedCatalog, .. view.Catalog.Where(t => !_byName.ContainsKey(t.Name))];
            _withShelf = Tuple.Create(view, catalog);
            return catalog;
        }
    }

    /// <summary>The tools every brain has: add a tool here.</summary>
    public static ToolRegistry BuiltIn(
        TimeSpan bashTimeout, WebGet web, FileToolLimits? files = null, int bashMaxOutputBytes = ShellSession.DefaultMaxOutputBytes)
    {
        files ??= FileToolLimits.Default;
        return new([
            new BashTool(bashTimeout, bashMaxOutputBytes),
            new ReadFileTool(files),
            new WriteFileTool(),
            new EditFileTool(files),
            new GlobTool(files),
            new GrepTool(files),
            new WebGetTool(web),
        ]);
    }

    public ITool? Find(string name) => _byName.GetValueOrDefault(name) ?? _shelf?.Current.Find(name);

    /// <summary>
    /// Whether the call may run now or must ask first (<see cref="PermissionPolicy"/>). A call that cannot run at all
    /// (an unknown tool, input that is not a JSON object) is allowed: it only comes back as an error.
    /// </summary>
    public PermissionCheck Check(
        string name,
        string inputJson,
        Anima.Messages.Sessions.PermissionMode mode,
        IReadOnlyList<AllowRule> configured,
        IReadOnlyList<AllowRule> session,
        string workingDirectory)
    {
        if (Find(name) is not { } tool)
        {
            return PermissionCheck.Allow;
        }

        if (tool.Access is ToolAccess.ReadOnly or ToolAccess.AnimaOnly)
        {
            return PermissionCheck.Allow;
        }

        return ToolInput.Parse(inputJson) is { } input
            ? PermissionPolicy.Check(tool, input, mode, configured, session, workingDirectory)
            : PermissionCheck.Allow;
    }

    /// <summary>What the call would do, for the user asked to approve it; never throws.</summary>
    public async Task<string> PreviewAsync(string name, string inputJson, ToolContext context, CancellationToken cancellationToken)
    {
        if (Find(name) is not { } tool || ToolInput.Parse(inputJson) is not { } input)
        {
            return inputJson;
        }

        try
        {
            return await tool.PreviewAsync(input, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"{inputJson}\n(no preview: {ex.Message})";
        }
    }

    /// <summary>Runs the call <paramref name="name"/>(<paramref name="inputJson"/>); never throws but for a bug in the caller.</summary>
    public async Task<ToolResult> RunAsync(string name, string inputJson, ToolContext context, CancellationToken cancellationToken)
    {
        if (Find(name) is not { } tool)
        {
            return ToolResult.Error($"There is no tool named '{name}'. Available: {string.Join(", ", Catalog.Select(t => t.Name))}.");
        }

        if (ToolInput.Parse(inputJson) is not { } input)
        {
            return InvalidInput(name, "not a JSON object", inputJson);
        }

        try
        {
            return await tool.RunAsync(input, context, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolInputException ex)
        {
            return InvalidInput(name, ex.Message, inputJson);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ToolResult(ToolResult.InterruptedByUser, IsError: true, Interrupted: true);
        }
        catch (Exception ex)
        {
            return ToolResult.Error($"{name} failed: {ex.Message}");
        }
    }

    /// <summary>A tool's input schema from its JSON text.</summary>
    public static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    // The reason first, so the model mends the call instead of guessing at it; then what it sent.
    private static ToolResult InvalidInput(string name, string reason, string inputJson) =>
        ToolResult.Error($"Invalid input for {name} ({reason}): {inputJson}");
}
