using Akka.Actor;
using System.Text.Json;
using Akka.Event;
using Anima.Actors.Tools;
using Anima.Messages.Clients;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Anima.Actors.Mcp;

/// <summary>
/// <c>/user/mcp/server-*</c>: one MCP server, kept running. It connects (a process for stdio, a session for HTTP), puts
/// the server's tools on the <see cref="ToolShelf"/>, lists them again when the server says they changed, and when the
/// server dies or cannot start, tries again after a pause that doubles up to 30 s (back to 1 s once it ran for 30 s).
/// While it is down its tools stay in the catalog (the model's cached prefix keeps) and a call says the server is not
/// ready. Every change of state goes to its parent as an <see cref="McpServerStatus"/>.
/// </summary>
public sealed class McpServerActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HealthyAfter = TimeSpan.FromSeconds(30);

    private readonly McpServerSpec _spec;
    private readonly ToolShelf _shelf;
    private readonly McpSettings _settings;
    private readonly string _owner;
    private readonly McpLink _link;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private McpClient? _client;
    private int _generation;
    private int _attempt;
    private bool _everReady;
    private DateTime _readyAt;
    private string _state = "starting";
    private string? _reason;
    private int _restarts;
    private IReadOnlyList<string> _toolNames = [];

    public McpServerActor(McpServerSpec spec, ToolShelf shelf, McpSettings settings)
    {
        _spec = spec;
        _shelf = shelf;
        _settings = settings;
        _owner = Self.Path.Name;
        var self = Self;
        _link = new McpLink(spec, settings.CallTimeout, (client, ex) => self.Tell(new TransportFailed(client, ex)));

        Receive<Connected>(OnConnected);
        Receive<ConnectFailed>(failed =>
        {
            if (failed.Generation == _generation)
            {
                Down(failed.Reason, crashed: false);
            }
        });
        Receive<Exited>(exited =>
        {
            if (exited.Generation == _generation && _client is not null)
            {
                Down(exited.Reason, crashed: true);
            }
        });
        Receive<TransportFailed>(failed =>
        {
            if (ReferenceEquals(failed.Client, _client))
            {
                Down(Reason(failed.Error), crashed: true);
            }
        });
        Receive<Retry>(retry =>
        {
            if (retry.Generation == _generation)
            {
                Connect();
            }
        });
        Receive<ToolsChanged>(changed =>
        {
            if (changed.Generation == _generation && _client is { } client)
            {
                var generation = _generation;
                client.ListToolsAsync().AsTask().PipeTo(
                    Self,
                    success: tools => new ToolsListed(generation, tools),
                    failure: ex => new ConnectFailed(-1, Reason(ex)));
            }
        });
        Receive<ToolsListed>(listed =>
        {
            if (listed.Generation == _generation && _client is not null)
            {
                PutTools(listed.Tools);
                _log.Info("MCP server {0}: its tools changed, now {1}", _spec.Name, _toolNames.Count);
                Report();
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(McpServerSpec spec, ToolShelf shelf, McpSettings settings) =>
        Akka.Actor.Props.Create(() => new McpServerActor(spec, shelf, settings));

    protected override void PreStart()
    {
        Report();
        Connect();
    }

    protected override void PostStop()
    {
        _generation++;
        _shelf.Remove(_owner);
        _link.Unavailable("removed from the configuration");
        Close(_client);
        _client = null;
    }

    private void Connect()
    {
        var generation = ++_generation;
        var self = Self;
        ConnectAsync(_spec, _settings, () => self.Tell(new ToolsChanged(generation)))
            .PipeTo(
                Self,
                success: connected => connected with { Generation = generation },
                failure: ex => new ConnectFailed(generation, Reason(ex)));
    }

    private void OnConnected(Connected connected)
    {
        if (connected.Generation != _generation || _client is not null)
        {
            Close(connected.Client);
            return;
        }

        _client = connected.Client;
        _everReady = true;
        _readyAt = DateTime.UtcNow;
        _state = "ready";
        _reason = null;
        PutTools(connected.Tools);
        _link.Ready(connected.Client);
        var generation = _generation;
        connected.Client.Completion.PipeTo(
            Self,
            success: details => new Exited(generation, Ended(details)),
            failure: ex => new Exited(generation, Reason(ex)));
        _log.Info("MCP server {0} ready ({1}): {2} tools", _spec.Name, _spec.Describe(), _toolNames.Count);
        Report();
    }

    private void Down(string reason, bool crashed)
    {
        var client = _client;
        _client = null;
        Close(client);
        reason = _spec.Redact(reason);
        if (crashed)
        {
            _restarts++;
            if (DateTime.UtcNow - _readyAt >= HealthyAfter)
            {
                _attempt = 0;
            }
        }

        var pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, FirstPause.Ticks << Math.Min(_attempt, 10)));
        _attempt++;
        _state = _everReady ? "restarting" : "failed";
        _reason = $"{reason} (next try in {pause.TotalSeconds:0} s)";
        _link.Unavailable($"{_state}: {reason}");
        _log.Warning("MCP server {0} {1}: {2}; next try in {3:0} s", _spec.Name, crashed ? "stopped" : "could not start", reason, pause.TotalSeconds);
        var generation = ++_generation;
        Timers.StartSingleTimer("retry", new Retry(generation), pause);
        Report();
    }

    private void PutTools(IList<McpClientTool> tools)
    {
        var shelved = tools.Select(tool => (ITool)new McpTool(_link, tool.ProtocolTool)).ToArray();
        _toolNames = [.. shelved.Select(tool => tool.Name).Order(StringComparer.Ordinal)];
        _shelf.Put(_owner, shelved);
    }

    private void Report() => Context.Parent.Tell(new McpServerStatus(
        _spec.Name, _spec.Kind, _spec.Describe(), _spec.Source, _state, _reason, _toolNames, _restarts));

    private static async Task<Connected> ConnectAsync(McpServerSpec spec, McpSettings settings, Action toolsChanged)
    {
        IClientTransport transport = spec.IsStdio
            ? new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = spec.Command!,
                Arguments = [.. spec.Args],
                Name = spec.Name,
                // The brain's own environment (its API key among it) is not the server's business: the usual variables
                // a program needs, and what the user gave this server.
                InheritEnvironmentVariables = false,
                EnvironmentVariables = Environment(spec),
                ShutdownTimeout = TimeSpan.FromSeconds(2),
            })
            : new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(spec.Url!),
                Name = spec.Name,
                AdditionalHeaders = spec.Headers.ToDictionary(),
                ConnectionTimeout = settings.StartTimeout,
            });
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "anima", Version = Gateway.BrainInfo.CurrentVersion },
            InitializationTimeout = settings.StartTimeout,
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                    {
                        toolsChanged();
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };

        using var deadline = new CancellationTokenSource(settings.StartTimeout);
        var client = await McpClient.CreateAsync(transport, options, loggerFactory: null, deadline.Token).ConfigureAwait(false);
        try
        {
            var tools = await client.ListToolsAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
            ListenForToolChanges(client);
            return new Connected(0, client, tools);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// From the 2026-07-28 revision on, a server tells only the clients that asked (a <c>subscriptions/listen</c> request
    /// that stays open) that its tools changed; before it, every client hears it. The request ends with the client.
    /// </summary>
    private static void ListenForToolChanges(McpClient client)
    {
        if (string.CompareOrdinal(client.NegotiatedProtocolVersion, "2026-07-28") < 0 || client.ServerCapabilities.Tools?.ListChanged != true)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await client.SendRequestAsync<SubscriptionsListenRequestParams, JsonElement>(
                    RequestMethods.SubscriptionsListen,
                    new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true } },
                    McpJsonUtilities.DefaultOptions,
                    cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The connection ended (its actor notices that by itself), or the server would not listen: its tool
                // list is then read again only when it restarts.
            }
        });
    }

    private static Dictionary<string, string?> Environment(McpServerSpec spec)
    {
        var environment = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
        foreach (var (key, value) in spec.Env)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static void Close(McpClient? client)
    {
        if (client is not null)
        {
            // Ends a stdio server's process; nothing waits for it, and a failure to close is no news.
            _ = Task.Run(async () =>
            {
                try
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
            });
        }
    }

    private static string Ended(ClientCompletionDetails details) => details switch
    {
        StdioClientCompletionDetails stdio => $"exited{(stdio.ExitCode is { } code ? $" with code {code}" : string.Empty)}"
            + (stdio.StandardErrorTail is { Count: > 0 } tail && tail[^1].Trim() is { Length: > 0 } last ? $": {last}" : string.Empty),
        { Exception: { } ex } => Reason(ex),
        _ => "the connection closed",
    };

    private static string Reason(Exception ex)
    {
        ex = ex is AggregateException { InnerException: { } first } ? first : ex;
        if (ex is ClientTransportClosedException closed)
        {
            return Ended(closed.Details);
        }

        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message = message.TrimEnd('.') + ": " + inner.Message;
            }
        }

        return ex is OperationCanceledException ? "it did not answer the initialize handshake in time (anima.mcp.start-timeout)" : message.ReplaceLineEndings(" ");
    }

    private sealed record Connected(int Generation, McpClient Client, IList<McpClientTool> Tools);

    private sealed record ConnectFailed(int Generation, string Reason);

    private sealed record Exited(int Generation, string Reason);

    private sealed record TransportFailed(McpClient Client, Exception Error);

    private sealed record Retry(int Generation);

    private sealed record ToolsChanged(int Generation);

    private sealed record ToolsListed(int Generation, IList<McpClientTool> Tools);
}
