using Anima.Actors.Providers;

namespace Anima.Actors.Tools;

/// <summary>The shelf at one moment: its tools ordered by name, and a lookup by name.</summary>
public sealed class ToolShelfView
{
    public static readonly ToolShelfView Empty = new(0, []);

    private readonly Dictionary<string, ITool> _byName;

    public ToolShelfView(long version, IReadOnlyList<ITool> tools)
    {
        Version = version;
        _byName = new Dictionary<string, ITool>(StringComparer.Ordinal);
        var distinct = new List<ITool>(tools.Count);
        foreach (var tool in tools)
        {
            // Two tools whose names came out the same (cut to the API's 64 characters): the API refuses a request that
            // names one twice, so the first stays.
            if (_byName.TryAdd(tool.Name, tool))
            {
                distinct.Add(tool);
            }
        }

        Tools = distinct;
        Catalog = distinct.Select(tool => new ToolDefinition(tool.Name, tool.Description, tool.InputSchema)).ToArray();
    }

    public long Version { get; }

    public IReadOnlyList<ITool> Tools { get; }

    public IReadOnlyList<ToolDefinition> Catalog { get; }

    public ITool? Find(string name) => _byName.GetValueOrDefault(name);
}
