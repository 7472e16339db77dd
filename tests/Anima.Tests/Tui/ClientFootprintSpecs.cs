using System.Reflection;
using Anima.Client;
using Anima.Tui;

namespace Anima.Tests.Tui;

/// <summary>
/// The TUI is a stateless client: it ships and loads the client link, not the brain. A reference back to the brain's
/// assemblies would bring SQLite, the journal, the agent and the HTML parser into every TUI and its start-up.
/// </summary>
public sealed class ClientFootprintSpecs
{
    private static readonly string[] BrainOnly =
    [
        "Anima.Actors", "Anima.Persistence.Sqlite", "Anima.Host", "Microsoft.Data.Sqlite", "AngleSharp",
        "Akka.Persistence", "Akka.Persistence.Query", "Akka.Cluster", "Akka.Cluster.Tools",
    ];

    [Fact]
    public void The_tui_depends_on_the_client_and_the_messages_and_on_no_part_of_the_brain()
    {
        var direct = typeof(TuiApp).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Anima.Client", direct);
        Assert.Contains("Anima.Messages", direct);
        Assert.Empty(Reachable(typeof(TuiApp).Assembly).Intersect(BrainOnly));
    }

    [Fact]
    public void The_client_link_depends_on_no_part_of_the_brain_or_the_tui()
    {
        var reachable = Reachable(typeof(BrainClient).Assembly);

        Assert.Empty(reachable.Intersect(BrainOnly));
        Assert.DoesNotContain("Anima.Tui", reachable);
        Assert.DoesNotContain("Terminal.Gui", reachable);
    }

    /// <summary>Every assembly <paramref name="root"/> loads, directly or through another.</summary>
    private static HashSet<string> Reachable(Assembly root)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<AssemblyName>(root.GetReferencedAssemblies());
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name.Name!) || name.Name!.StartsWith("System", StringComparison.Ordinal) || name.Name is "netstandard" or "mscorlib")
            {
                continue;
            }

            foreach (var next in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Push(next);
            }
        }

        return seen;
    }
}
