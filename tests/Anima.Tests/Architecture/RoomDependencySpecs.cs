using System.Text.RegularExpressions;

namespace Anima.Tests.Architecture;

/// <summary>
/// The rooms of Anima.Actors (one folder, one namespace each) depend on each other one way only: a loop means two
/// rooms can no longer be read, tested or replaced apart. Read from the source, where a newcomer reads it.
/// </summary>
public sealed partial class RoomDependencySpecs
{
    [Fact]
    public void No_two_rooms_of_the_brain_depend_on_each_other()
    {
        var graph = RoomGraph(Path.Combine(RepositoryRoot(), "Anima.Actors"));

        Assert.True(graph.Count >= 10, $"Found only {graph.Count} rooms; is the source where this spec looks?");
        var loop = FindLoop(graph);
        Assert.True(loop is null, $"Rooms in a loop: {string.Join(" → ", loop ?? [])}. Move the shared contract to Protocol, or let the composition (Anima.Host) wire the two.");
    }

    [Fact]
    public void A_loop_between_rooms_is_found()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>
        {
            ["Agent"] = new() { ["Memory"] = "AgentLoop.cs" },
            ["Memory"] = new() { ["Mind"] = "MnemeHosting.cs" },
            ["Mind"] = new() { ["Agent"] = "Thymos.cs" },
            ["Tools"] = new(),
        };

        Assert.Equal(["Agent", "Memory", "Mind", "Agent"], FindLoop(graph)?.Select(step => step.Split(' ')[0]));
    }

    /// <summary>Room → the rooms it names (through a using, a qualified name, or a room-qualified type), with a file that does.</summary>
    private static Dictionary<string, Dictionary<string, string>> RoomGraph(string project)
    {
        var rooms = Directory.GetDirectories(project).Select(Path.GetFileName).OfType<string>()
            .Where(name => name is not ("bin" or "obj") && Directory.EnumerateFiles(Path.Combine(project, name), "*.cs").Any())
            .ToHashSet(StringComparer.Ordinal);
        var graph = rooms.ToDictionary(room => room, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        var names = string.Join('|', rooms);
        var mention = new Regex($@"using Anima\.Actors\.(?<room>{names});|Anima\.Actors\.(?<room>{names})\.|(?<![\w.])(?<room>{names})\.(?=[A-Z])");
        foreach (var room in rooms)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(project, room), "*.cs", SearchOption.AllDirectories))
            {
                var code = Comments().Replace(File.ReadAllText(file), string.Empty);
                foreach (Match match in mention.Matches(code))
                {
                    var other = match.Groups["room"].Value;
                    if (other != room)
                    {
                        graph[room].TryAdd(other, Path.GetFileName(file));
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>The first loop found, as "Room (File)" steps back to its start, or null.</summary>
    private static List<string>? FindLoop(Dictionary<string, Dictionary<string, string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();

        List<string>? Visit(string room)
        {
            var at = path.IndexOf(room);
            if (at >= 0)
            {
                return [.. path[at..].Select((step, i) => $"{step} ({graph[step][i + at + 1 < path.Count ? path[i + at + 1] : room]})"), room];
            }

            if (!done.Add(room))
            {
                return null;
            }

            path.Add(room);
            foreach (var next in graph[room].Keys.Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } loop)
                {
                    return loop;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return graph.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(loop => loop is not null);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Anima.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Anima.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();
}
