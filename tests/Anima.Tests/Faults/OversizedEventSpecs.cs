using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Anima.Actors.Configuration;
using Anima.Actors.Protocol;
using Anima.Actors.Sessions;
using Anima.Actors.Tools;
using Anima.FakeAnthropic;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Anima.Tests.Faults;

/// <summary>
/// Events bigger than a message to a client may be (4 MB frames). A 1.9 MB page of control bytes made an 11.4 MB
/// journal row: clients never got it (the TUI showed the call running for ever) and <c>export</c> left it out and
/// exited 0. Results are capped as stored now; an event still too big (a row from before) travels in parts.
/// </summary>
[Collection("processes")]
public sealed class OversizedEventSpecs : IAsyncLifetime
{
    private readonly TempHome _home = new();
    private FakeAnthropicServer _fake = null!;
    private WebApplication _web = null!;
    private string _webBase = "";

    public async Task InitializeAsync()
    {
        _fake = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _web = builder.Build();
        _web.Urls.Add("http://127.0.0.1:0");
        _web.MapGet("/control", () => Results.Text("START" + new string('\u0001', 1_900_000) + "END", "text/plain"));
        await _web.StartAsync();
        _webBase = _web.Urls.First();
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _fake.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task A_page_of_control_bytes_reaches_the_client_capped_and_the_export_has_every_event()
    {
        _fake.Enqueue(
            FakeResponse.ToolUse(("toolu_page", "web_get", JsonSerializer.Serialize(new { url = $"{_webBase}/control" }))),
            FakeResponse.Text("Read it."));
        await using var brain = await RunningBrain.StartAsync(_home, new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "sk-ant-big",
        });
        await using var client = await brain.ConnectAsync();
        var session = await client.CreateSessionAsync();
        client.Attach(session);

        await client.PostAsync(session, "read the page");
        var pushed = await Pushes.UntilAsync(client, p => p is Journaled { Event: AgentMessage { Text: "Read it." } }, TimeSpan.FromSeconds(60), "the answer after the page");

        var result = Assert.Single(pushed.OfType<Journaled>().Select(j => j.Event).OfType<ToolResponse>());
        Assert.InRange(ToolResultCap.StoredBytes(result.Content), 200_000, ToolResultCap.DefaultMaxBytes);
        Assert.StartsWith("START\u0001", result.Content);
        Assert.EndsWith("\u0001END", result.Content);
        Assert.Contains("[result truncated: 10.9 MB as stored;", result.Content);
        await AssertExportHasEveryEventAsync(brain, session, 6);
    }

    [Fact]
    public async Task An_event_too_big_for_one_message_reaches_clients_and_the_export_whole()
    {
        // A row written before results were capped: 1.9 MB of control bytes, 11.4 MB as stored.
        var page = "START" + new string('\u0001', 1_900_000) + "END";
        const string session = "oldbigrow";
        await WriteOldSessionAsync(session, new UserMessage("read the page", DateTimeOffset.UtcNow), new ToolCall("toolu_old", "web_get", "{}", DateTimeOffset.UtcNow),
            new ToolResponse("toolu_old", page, IsError: false, DateTimeOffset.UtcNow), new AgentMessage("Read it.", DateTimeOffset.UtcNow));
        await using var brain = await RunningBrain.StartAsync(_home);
        await using var client = await brain.ConnectAsync();

        client.Attach(session);
        var pushed = await Pushes.UntilAsync(client, p => p is HistoryChunk { Last: true }, TimeSpan.FromSeconds(60), "the whole history");

        var events = pushed.OfType<HistoryChunk>().SelectMany(c => c.Events).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Seq));
        Assert.Equal(page, Assert.IsType<ToolResponse>(events[3].Event).Content);
        await AssertExportHasEveryEventAsync(brain, session, 5);
    }

    [Fact]
    public async Task An_export_that_misses_an_event_fails_instead_of_leaving_it_out()
    {
        var pushes = System.Threading.Channels.Channel.CreateUnbounded<object>();
        var at = DateTimeOffset.UtcNow;
        pushes.Writer.TryWrite(new HistoryChunk("s", [new Journaled("s", 1, new SessionStarted(null, at)), new Journaled("s", 2, new UserMessage("hi", at))], Last: false, 2));
        pushes.Writer.TryWrite(new HistoryChunk("s", [new Journaled("s", 4, new AgentMessage("hello", at))], Last: false, 4));
        pushes.Writer.TryWrite(new HistoryChunk("s", [], Last: true, 4));

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => Anima.Host.Cli.ExportCommand.CollectHistoryAsync(pushes.Reader, "s", CancellationToken.None));

        Assert.StartsWith("Event 3 of session 's' did not arrive from the brain (event 4 came next), so the export would be incomplete", failed.Message);

        var truncated = System.Threading.Channels.Channel.CreateUnbounded<object>();
        truncated.Writer.TryWrite(new HistoryChunk("s", [new Journaled("s", 1, new SessionStarted(null, at))], Last: true, 2));
        var short_ = await Assert.ThrowsAsync<InvalidOperationException>(() => Anima.Host.Cli.ExportCommand.CollectHistoryAsync(truncated.Reader, "s", CancellationToken.None));
        Assert.StartsWith("Event 2 of session 's' did not arrive from the brain (the history ends at 2)", short_.Message);
    }

    private async Task AssertExportHasEveryEventAsync(RunningBrain brain, string session, int count)
    {
        var export = await AnimaProcess.RunAsync(_home.Root, null, "export", session, "--format", "jsonl", "--host", brain.HostArgument);
        Assert.True(export.ExitCode == 0, export.Stderr);
        var seqs = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64());
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), seqs);
    }

    /// <summary>Writes a session into the home's journal the way a brain did before tool results were capped.</summary>
    private async Task WriteOldSessionAsync(string id, params ISessionEvent[] events)
    {
        _home.Home.EnsureCreated();
        var settings = AnimaConfig.ForBrain(_home.Home, "production", port: 0);
        Anima.Persistence.Sqlite.SqliteDatabase.Prepare(settings.DatabaseFile);
        var system = ActorSystem.Create("anima", UnhostedBrain.Config(settings));
        try
        {
            var up = new TaskCompletionSource();
            var cluster = Cluster.Get(system);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);
            await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var sessionActor = system.ActorOf(SessionActor.Props(id, SessionSettings.From(settings.Config)));
            await sessionActor.Ask<SessionCreated>(new StartSession(id, null), TimeSpan.FromSeconds(30));
            await sessionActor.Ask<EventsAppended>(new AppendEvents(id, events), TimeSpan.FromSeconds(30));
        }
        finally
        {
            await system.Terminate();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
