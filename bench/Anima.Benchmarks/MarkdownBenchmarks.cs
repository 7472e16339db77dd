using System.Drawing;
using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Markdig;
using Markdig.Syntax;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace Anima.Benchmarks;

/// <summary>
/// What the TUI pays to show a session as markdown. On every 40 ms render tick in which anything changed
/// (one streamed delta is enough) it turns the transcript into markdown and gives it to the chat pane, a
/// Terminal.Gui <c>Markdown</c> view that parses, wraps and lays out all of that text again, then draws.
/// "Whole" is the pane holding every event of the session; "Tail" the pane holding only the newest items, up to
/// <see cref="Transcript.TailChars"/> of markdown, as the TUI does while the reader follows the bottom.
/// Headless: layout needs no application; drawing goes to Terminal.Gui's ANSI driver with terminal I/O off.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class MarkdownBenchmarks
{
    private const string SessionId = "3f2a9c1b7d10";

    /// <summary>The chat pane on a 120×40 terminal: the main window less sidebar, input box and status line.</summary>
    private static readonly Size Pane = new(120 - MainWindow.SidebarWidth, 40 - MainWindow.InputHeight - 1);

    /// <summary>The pipeline the Markdown view parses with when none is set (ChatView sets none).</summary>
    private static readonly MarkdownPipeline ViewPipeline = ChatView.Pipeline;

    private IApplication _app = null!;
    private string[] _rawTexts = [];
    private Transcript _whole = null!;
    private Transcript _tail = null!;
    private string[] _wholeMarkdown = [];
    private ChatView _layoutPane = null!;
    private ChatView _wholePane = null!;
    private ChatView _tailPane = null!;
    private int _layouts;
    private int _deltas;

    [Params(100, 1_000, 10_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // The ANSI driver writes to no terminal with this set; BenchmarkDotNet owns this process's console.
        Environment.SetEnvironmentVariable("DisableRealDriverIO", "1");
        _app = Application.Create().Init(DriverRegistry.Names.ANSI);
        _app.Driver!.SetScreenSize(120, 40);

        var events = SessionEvents(Events);
        _rawTexts = [.. events.Select(RawText)];
        _whole = Replay(events);
        _tail = Replay(events);
        _tail.FollowTail(Transcript.TailChars);

        // Two moments of the same streamed reply: a tick's text differs from the last one only at its end.
        var before = _whole.ToMarkdown();
        _whole.Apply(new TextDelta(SessionId, " and the cache"));
        _wholeMarkdown = [before, _whole.ToMarkdown()];

        _layoutPane = NewPane();
        _wholePane = NewPane();
        _tailPane = NewPane();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _layoutPane.Dispose();
        _wholePane.Dispose();
        _tailPane.Dispose();
        _app.Dispose();
    }

    /// <summary>Every character of the session touched once: the events' raw texts joined.</summary>
    [BenchmarkCategory("transcript to markdown"), Benchmark(Baseline = true)]
    public string JoinRawTexts() => string.Join("\n\n", _rawTexts);

    [BenchmarkCategory("transcript to markdown"), Benchmark]
    public string WholeToMarkdown() => _whole.ToMarkdown();

    [BenchmarkCategory("transcript to markdown"), Benchmark]
    public string TailToMarkdown() => _tail.ToMarkdown();

    /// <summary>Markdig's parse of the whole session's markdown: the least any Markdig-based pane pays for it.</summary>
    [BenchmarkCategory("markdown to pane"), Benchmark(Baseline = true)]
    public MarkdownDocument MarkdigParse() => Markdig.Markdown.Parse(_wholeMarkdown[0], ViewPipeline);

    /// <summary>The pane given the whole session's markdown: parse, lowering, word wrap and sub-views; no draw.</summary>
    [BenchmarkCategory("markdown to pane"), Benchmark]
    public int WholeLayout()
    {
        _layoutPane.Show(_wholeMarkdown[++_layouts & 1]);
        _layoutPane.Layout(Pane);
        return _layoutPane.LineCount;
    }

    /// <summary>One render tick while a reply streams in, the pane holding the whole session.</summary>
    [BenchmarkCategory("markdown to pane"), Benchmark]
    public int WholeStreamedTick() => Tick(_whole, _wholePane, followTail: false);

    /// <summary>One render tick while a reply streams in, the pane holding the tail (the reader at the bottom).</summary>
    [BenchmarkCategory("markdown to pane"), Benchmark]
    public int TailStreamedTick() => Tick(_tail, _tailPane, followTail: true);

    /// <summary>What TuiApp.Render does for a tick with one new delta: markdown, layout, then draw.</summary>
    private int Tick(Transcript transcript, ChatView pane, bool followTail)
    {
        // Replies of up to 2,000 characters, 8 at a time, then the next reply starts.
        if (++_deltas % 250 == 0)
        {
            transcript.Apply(new TurnStarted(SessionId));
        }

        transcript.Apply(new TextDelta(SessionId, "and then"));
        if (followTail && pane.Following)
        {
            transcript.FollowTail(Transcript.TailChars);
        }

        pane.Show(transcript.ToMarkdown());
        pane.Layout(Pane);
        pane.Draw();
        return pane.LineCount;
    }

    private ChatView NewPane()
    {
        var pane = new ChatView { Width = Pane.Width, Height = Pane.Height };
        pane.App = _app;
        return pane;
    }

    private static Transcript Replay(IReadOnlyList<ISessionEvent> events)
    {
        var transcript = new Transcript(SessionId);
        var seq = 0L;
        foreach (var e in events)
        {
            transcript.Apply(new Journaled(SessionId, ++seq, e));
        }

        // A reply is streaming, as it is whenever the pane redraws several times a second.
        transcript.Apply(new TurnStarted(SessionId));
        transcript.Apply(new TextDelta(SessionId, "Looking at the log again: the restore step"));
        return transcript;
    }

    private static string RawText(ISessionEvent e) => e switch
    {
        UserMessage m => m.Text,
        AgentMessage m => m.Text,
        ToolCall c => c.InputJson,
        ToolResponse r => r.Content,
        _ => string.Empty,
    };

    /// <summary>Turns of four events: a question, a bash call, its 20-line result (folded) and a markdown reply.</summary>
    private static List<ISessionEvent> SessionEvents(int count)
    {
        var at = DateTimeOffset.UnixEpoch;
        var log = string.Join('\n', Enumerable.Range(1, 20).Select(l => $"[{l:00}] restore: GET https://nuget.example/v3/index.json -> timeout after 100 s"));
        var events = new List<ISessionEvent>(count + 3);
        for (var turn = 0; events.Count < count; turn++)
        {
            events.Add(new UserMessage($"Question {turn}: the nightly build failed again. What does the log say, and can you fix it?", at));
            events.Add(new ToolCall($"toolu_{turn}", "bash", """{"command":"tail -n 20 build.log"}""", at));
            events.Add(new ToolResponse($"toolu_{turn}", log, turn % 10 == 9, at));
            events.Add(new AgentMessage(Reply(turn), at));
        }

        return events.GetRange(0, count);
    }

    private static string Reply(int turn)
    {
        var code = turn % 2 == 0
            ? "\n\n```bash\ndotnet nuget locals all --clear\ndotnet restore --source https://api.nuget.org/v3/index.json\n```"
            : string.Empty;
        return $"""
            ## Why build {turn} fails

            The build stops in `restore` because a package source is unreachable:

            - the feed `https://nuget.example/v3` times out after **100 s**;
            - the cache under `~/.nuget/packages` lacks `Example.Lib 2.{turn}.0`;
            - nothing else in the log is fatal.{code}

            Retry with the public feed; if it still fails, pin the version in `Directory.Packages.props`.
            """;
    }
}
