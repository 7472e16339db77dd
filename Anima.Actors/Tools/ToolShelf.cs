namespace Anima.Actors.Tools;

/// <summary>
/// The tools that come and go while the brain runs (an MCP server's, put here by the actor that runs the server),
/// grouped by whoever provides them. Readers get an immutable view, swapped whole; the view lists the tools by name,
/// so the catalog the model is sent (a cached prefix of every request) is the same bytes until a tool really changes,
/// whichever server came up first.
/// </summary>
public sealed class ToolShelf
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, IReadOnlyList<ITool>> _byOwner = new(StringComparer.Ordinal);
    private volatile ToolShelfView _current = ToolShelfView.Empty;

    /// <summary>What is on the shelf now: the same object until something changes.</summary>
    public ToolShelfView Current => _current;

    /// <summary>Puts <paramref name="tools"/> on the shelf in place of what <paramref name="owner"/> had; false when nothing changed.</summary>
    public bool Put(string owner, IReadOnlyList<ITool> tools)
    {
        lock (_gate)
        {
            if (_byOwner.TryGetValue(owner, out var old) && SameDefinitions(old, tools))
            {
                return false;
            }

            _byOwner[owner] = tools;
            Publish();
            return true;
        }
    }

    /// <summary>Takes <paramref name="owner"/>'s tools off the shelf.</summary>
    public void Remove(string owner)
    {
        lock (_gate)
        {
            if (_byOwner.Remove(owner))
            {
                Publish();
            }
        }
    }

    private void Publish()
    {
        var tools = _byOwner.Values.SelectMany(t => t).OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        _current = new ToolShelfView(_current.Version + 1, tools);
    }

    private static bool SameDefinitions(IReadOnlyList<ITool> a, IReadOnlyList<ITool> b) =>
        a.Count == b.Count && a.Zip(b).All(pair =>
            pair.First.Name == pair.Second.Name
            && pair.First.Description == pair.Second.Description
            && pair.First.InputSchema.GetRawText() == pair.Second.InputSchema.GetRawText());
}
