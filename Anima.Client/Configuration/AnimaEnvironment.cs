namespace Anima.Client.Configuration;

/// <summary>A brain environment: its own port and its own database.</summary>
public sealed record AnimaEnvironment(string Name, int DefaultPort)
{
    public static readonly AnimaEnvironment Production = new("production", 42134);

    public static readonly AnimaEnvironment Development = new("development", 42135);

    public static IReadOnlyList<AnimaEnvironment> All { get; } = [Production, Development];

    public static AnimaEnvironment Parse(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new AnimaConfigException(
            $"Unknown environment '{name}'. Use one of: {string.Join(", ", All.Select(e => e.Name))}.");

    public override string ToString() => Name;
}
