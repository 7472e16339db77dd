using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Anima.Actors.Protocol;
using Anima.Actors.Tools;
using Anima.Client.Configuration;
using Anima.Messages.Clients;

namespace Anima.Actors.Mcp;

/// <summary>
/// <c>/user/mcp</c>: the MCP servers of the brain, one <see cref="McpServerActor"/> each. It looks at the two files
/// they are configured in every 2 s, so <c>anima mcp add</c> and <c>remove</c> (or an edit of anima.conf) take effect
/// without a restart: a new server is started, a removed one stopped, a changed one started anew. A configuration it
/// cannot read leaves the running servers as they are and is shown by <c>anima mcp list</c>. It answers
/// <see cref="GetMcpServers"/> from the states its servers report.
/// </summary>
public sealed class McpSupervisor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(2);

    private readonly AnimaHome _home;
    private readonly ToolShelf _shelf;
    private readonly McpSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (McpServerSpec Spec, IActorRef Actor)> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, McpServerStatus> _states = new(StringComparer.Ordinal);
    private string _stamp;
    private string? _problem;
    private int _started;

    public McpSupervisor(AnimaHome home, IReadOnlyList<McpServerSpec> servers, ToolShelf shelf, McpSettings settings)
    {
        _home = home;
        _shelf = shelf;
        _settings = settings;
        _stamp = Stamp();
        Apply(servers);

        Receive<McpServerStatus>(status =>
        {
            if (_servers.TryGetValue(status.Name, out var server) && server.Actor.Equals(Sender))
            {
                _states[status.Name] = status;
            }
        });
        Receive<GetMcpServers>(_ => Sender.Tell(new McpServerList([.. _states.Values.OrderBy(s => s.Name, StringComparer.Ordinal)], _problem)));
        Receive<LookAtFiles>(_ =>
        {
            var stamp = Stamp();
            if (stamp == _stamp)
            {
                return;
            }

            _stamp = stamp;
            try
            {
                Apply(McpConfig.Load(_home));
                _problem = null;
            }
            catch (AnimaConfigException ex)
            {
                _problem = ex.Message + " The servers run as before until it is fixed.";
                _log.Warning("MCP configuration not applied: {0}", ex.Message);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AnimaHome home, IReadOnlyList<McpServerSpec> servers, ToolShelf shelf, McpSettings settings) =>
        Akka.Actor.Props.Create(() => new McpSupervisor(home, servers, shelf, settings));

    protected override void PreStart() => Timers.StartPeriodicTimer("look", LookAtFiles.Instance, LookEvery);

    private void Apply(IReadOnlyList<McpServerSpec> servers)
    {
        foreach (var name in _servers.Keys.Where(name => servers.All(s => s.Name != name)).ToArray())
        {
            _log.Info("MCP server {0} removed from the configuration: stopped", name);
            Context.Stop(_servers[name].Actor);
            _servers.Remove(name);
            _states.Remove(name);
        }

        foreach (var spec in servers)
        {
            if (_servers.TryGetValue(spec.Name, out var running))
            {
                if (running.Spec.SameServerAs(spec))
                {
                    continue;
                }

                _log.Info("MCP server {0} changed in the configuration: started anew", spec.Name);
                Context.Stop(running.Actor);
            }

            // A name of its own for each start: the stopped actor may not be gone yet, and it takes its tools off the
            // shelf under its own name, not the new one's.
            var actor = Context.ActorOf(McpServerActor.Props(spec, _shelf, _settings), $"server-{++_started}-{spec.Name}");
            _servers[spec.Name] = (spec, actor);
            _states[spec.Name] = new McpServerStatus(spec.Name, spec.Kind, spec.Describe(), spec.Source, "starting", null, [], 0);
        }
    }

    /// <summary>When and how big the two files are: a change of either means reading them again.</summary>
    private string Stamp() => string.Join('|', new[] { _home.ConfigFile, McpConfig.FileIn(_home) }.Select(file =>
    {
        var info = new FileInfo(file);
        return info.Exists ? $"{info.LastWriteTimeUtc.Ticks}:{info.Length}" : "-";
    }));

    private sealed record LookAtFiles
    {
        public static readonly LookAtFiles Instance = new();
    }
}

public static class McpHosting
{
    /// <summary>Starts <c>/user/mcp</c> with <paramref name="servers"/>, putting their tools on <paramref name="shelf"/>.</summary>
    public static AkkaConfigurationBuilder AddMcp(
        this AkkaConfigurationBuilder builder, AnimaHome home, IReadOnlyList<McpServerSpec> servers, ToolShelf shelf, McpSettings settings) =>
        builder.WithActors((system, registry) => registry.Register<McpKey>(system.ActorOf(McpSupervisor.Props(home, servers, shelf, settings), "mcp")));
}
