using Anima.Actors.Agent;
using Anima.Messages.Sessions;

namespace Anima.Tests.Agent;

/// <summary>Builds a session's event stream for viewport specs; sequence numbers count from 1.</summary>
internal sealed class SessionStream
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public List<ViewportEvent> Events { get; } = [];

    public long NextSeq => Events.Count + 1;

    public SessionStream Add(ISessionEvent sessionEvent, int tokens)
    {
        Events.Add(new ViewportEvent(NextSeq, sessionEvent, tokens));
        return this;
    }

    public SessionStream Started(int tokens = 0) => Add(new SessionStarted("a session", At), tokens);

    public SessionStream User(string text, int tokens = 10) => Add(new UserMessage(text, At), tokens);

    public SessionStream Agent(string text, int tokens = 10, string? thinking = null, string? signature = null) =>
        Add(new AgentMessage(text, At, thinking, signature), tokens);

    public SessionStream Call(string callId, string name = "shell", string input = "{}", int tokens = 10) =>
        Add(new ToolCall(callId, name, input, At), tokens);

    public SessionStream Response(string callId, string content = "ok", bool isError = false, int tokens = 10) =>
        Add(new ToolResponse(callId, content, isError, At), tokens);

    public SessionStream System(string text, int tokens = 0) => Add(new SystemMessage(text, At), tokens);

    public ViewportResult Assemble(int budget) => Viewport.Assemble(Events, budget);
}
