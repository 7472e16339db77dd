using System.Text;
using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>
/// The chat pane's model: journaled events (once each, in sequence order) plus the live-only state of a
/// running turn (streamed text, thinking, a retry notice) and this client's messages still on their way, and
/// which of them the pane shows. Pure, so it can be tested without a terminal; how each thing is written as
/// markdown is <see cref="TranscriptMarkdown"/>'s.
/// </summary>
public sealed class Transcript
{
    /// <summary>
    /// While the reader follows new output the pane holds only the newest items up to about this much markdown:
    /// the view parses and wraps all it holds on every redraw, so a long session must cost no more than a short one.
    /// </summary>
    public const int TailChars = 6_000;

    private readonly List<TranscriptItem> _items = [];
    private readonly List<PendingMessage> _pending = [];
    private readonly StringBuilder _streaming = new();
    private readonly StringBuilder _thinking = new();
    private long _followedVersion = -1;

    public Transcript(string sessionId)
    {
        SessionId = sessionId;
    }

    public string SessionId { get; }

    public string? Title { get; private set; }

    public long LastSeq { get; private set; }

    public IReadOnlyList<TranscriptItem> Items => _items;

    public IReadOnlyList<PendingMessage> Pending => _pending;

    /// <summary>A turn is running (between TurnStarted and TurnEnded).</summary>
    public bool TurnRunning { get; private set; }

    public RetryNotice? Retry { get; private set; }

    public TokenUsage? LastUsage { get; private set; }

    /// <summary>Every call's usage added up over the events seen (the loaded history and what came live).</summary>
    public TokenUsage SessionUsage { get; private set; } = new(0, 0);

    /// <summary>User and agent messages seen, for the sidebar.</summary>
    public int MessageCount { get; private set; }

    public string StreamingText => _streaming.ToString();

    /// <summary>Bumped on every change, so a view redraws only when something changed.</summary>
    public long Version { get; private set; }

    /// <summary>Index of the first item the pane shows; the ones before it wait until the reader scrolls up.</summary>
    public int WindowStart { get; private set; }

    /// <summary>Applies a journaled event; returns false for one already applied (or another session's).</summary>
    public bool Apply(Journaled journaled)
    {
        if (journaled.SessionId != SessionId || journaled.Seq <= LastSeq)
        {
            return false;
        }

        LastSeq = journaled.Seq;
        Version++;
        var seq = journaled.Seq;
        Title ??= SessionTitle.From(journaled.Event);
        switch (journaled.Event)
        {
            case SessionStarted:
                break;
            case UserMessage user:
                MessageCount++;
                RemovePending(seq, user.CorrelationId);
                _items.Add(new UserItem(user.Text, user.At) { Seq = seq });
                break;
            case AgentMessage agent:
                MessageCount++;
                _streaming.Clear();
                _thinking.Clear();
                Retry = null;
                if (agent.Usage is { } used)
                {
                    LastUsage = used;
                    SessionUsage = new TokenUsage(
                        SessionUsage.InputTokens + used.InputTokens,
                        SessionUsage.OutputTokens + used.OutputTokens,
                        SessionUsage.CacheReadTokens + used.CacheReadTokens,
                        SessionUsage.CacheWriteTokens + used.CacheWriteTokens);
                }

                if (agent.Text.Trim().Length > 0)
                {
                    _items.Add(new AgentItem(agent.Text, agent.At, agent.Usage) { Seq = seq });
                }

                break;
            case ToolCall call:
                _items.Add(new ToolItem(call.CallId, call.Name, call.InputJson, call.At) { Seq = seq });
                break;
            case ToolResponse response:
                var index = _items.FindLastIndex(i => i is ToolItem t && t.CallId == response.CallId);
                if (index >= 0)
                {
                    _items[index] = ((ToolItem)_items[index]) with { Result = response.Content, IsError = response.IsError, AwaitingApproval = false };
                }
                else
                {
                    _items.Add(new ToolItem(response.CallId, "tool", "{}", response.At)
                    {
                        Seq = seq,
                        Result = response.Content,
                        IsError = response.IsError,
                    });
                }

                break;
            case SystemMessage system:
                _items.Add(new SystemItem(system.Text, system.Level, system.At) { Seq = seq });
                break;
            case ApprovalRequested request:
                MarkApproval(request.CallId, awaiting: true);
                break;
            case ApprovalAnswered answered:
                MarkApproval(answered.CallId, awaiting: false);
                break;
        }

        return true;
    }

    /// <summary>Applies a live-only event of this session.</summary>
    public bool Apply(ITransientEvent transient)
    {
        if (transient.SessionId != SessionId)
        {
            return false;
        }

        Version++;
        switch (transient)
        {
            case TurnStarted:
                TurnRunning = true;
                _streaming.Clear();
                _thinking.Clear();
                Retry = null;
                break;
            case TextDelta delta:
                TurnRunning = true;
                Retry = null;
                _streaming.Append(delta.Text);
                break;
            case ThinkingDelta thinking:
                TurnRunning = true;
                Retry = null;
                _thinking.Append(thinking.Text);
                break;
            case RetryNotice retry:
                TurnRunning = true;
                Retry = retry;
                _streaming.Clear();
                _thinking.Clear();
                break;
            case SystemNotice notice:
                // What the brain could not journal (a full disk): shown once, as it happens, never in history.
                _items.Add(new SystemItem(notice.Text, notice.Level, DateTimeOffset.Now));
                break;
            case TurnEnded:
                TurnRunning = false;
                Retry = null;
                _streaming.Clear();
                _thinking.Clear();
                break;
            case TurnInFlight inFlight:
                // After an attach: the turn as it stands replaces whatever live state was here, so a partial
                // answer shows from its start, once.
                TurnRunning = inFlight.Running;
                Retry = inFlight.Retry;
                _streaming.Clear().Append(inFlight.Text);
                _thinking.Clear().Append(inFlight.Thinking);
                break;
            default:
                return false;
        }

        return true;
    }

    /// <summary>
    /// Forgets live-only state after the link was lost: a TurnEnded may never come from a brain that died;
    /// a turn that goes on announces itself again.
    /// </summary>
    public void ResetLive()
    {
        TurnRunning = false;
        Retry = null;
        _streaming.Clear();
        _thinking.Clear();
        Version++;
    }

    public void AddPending(PendingMessage message)
    {
        _pending.Add(message);
        Version++;
    }

    /// <summary>The brain accepted a message we sent; the journaled copy may already be here.</summary>
    public void Accepted(string correlationId, long seq)
    {
        var index = _pending.FindIndex(p => p.CorrelationId == correlationId);
        if (index < 0)
        {
            return;
        }

        if (seq <= LastSeq)
        {
            _pending.RemoveAt(index);
        }
        else
        {
            _pending[index] = _pending[index] with { AcceptedSeq = seq };
        }

        Version++;
    }

    /// <summary>A message whose sending failed with the link: it waits, on screen, to go again.</summary>
    public void Waiting(string correlationId)
    {
        var index = _pending.FindIndex(p => p.CorrelationId == correlationId);
        if (index >= 0 && _pending[index].AcceptedSeq is null)
        {
            _pending[index] = _pending[index] with { Waiting = true };
            Version++;
        }
    }

    /// <summary>The waiting messages, now marked in flight again: the journal, caught up, does not hold them.</summary>
    public IReadOnlyList<PendingMessage> TakeWaiting()
    {
        var waiting = _pending.Where(p => p.Waiting).ToList();
        for (var i = 0; i < _pending.Count; i++)
        {
            if (_pending[i].Waiting)
            {
                _pending[i] = _pending[i] with { Waiting = false };
            }
        }

        if (waiting.Count > 0)
        {
            Version++;
        }

        return waiting;
    }

    /// <summary>A message we sent that the brain refused: it stays on screen as a failure notice.</summary>
    public void Failed(string correlationId, string reason)
    {
        var index = _pending.FindIndex(p => p.CorrelationId == correlationId);
        if (index >= 0)
        {
            _pending.RemoveAt(index);
        }

        _items.Add(new SystemItem($"Not sent: {reason}", SystemMessageLevel.Error, DateTimeOffset.Now));
        Version++;
    }

    /// <summary>Expands a folded tool call or folds it again.</summary>
    public bool ToggleTool(string callId)
    {
        var index = _items.FindLastIndex(i => i is ToolItem t && t.CallId == callId);
        if (index < 0)
        {
            return false;
        }

        var tool = (ToolItem)_items[index];
        _items[index] = tool with { Expanded = !tool.Expanded };
        Version++;
        return true;
    }

    /// <summary>Expands every tool call when any is folded, else folds them all.</summary>
    public void ToggleAllTools()
    {
        var expand = _items.OfType<ToolItem>().Any(t => !t.Expanded);
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i] is ToolItem tool)
            {
                _items[i] = tool with { Expanded = expand };
            }
        }

        Version++;
    }

    /// <summary>Shows only the newest items, up to <paramref name="chars"/> of markdown (the reader is at the bottom).</summary>
    public void FollowTail(int chars)
    {
        if (Version == _followedVersion)
        {
            return;
        }

        var start = StartBefore(_items.Count, chars);
        if (start != WindowStart)
        {
            WindowStart = start;
            Version++;
        }

        _followedVersion = Version;
    }

    /// <summary>Brings up to <paramref name="chars"/> of earlier items into the pane; false when it already shows the first.</summary>
    public bool ShowEarlier(int chars)
    {
        if (WindowStart == 0)
        {
            return false;
        }

        WindowStart = StartBefore(WindowStart, chars);
        Version++;
        return true;
    }

    /// <summary>What the pane shows: the items from <see cref="WindowStart"/> on, then the live state.</summary>
    public IReadOnlyList<RenderItem> Render()
    {
        var render = new List<RenderItem>(_items.Count - WindowStart + 5);
        if (WindowStart > 0)
        {
            render.Add(TranscriptMarkdown.Earlier(WindowStart));
        }

        for (var i = WindowStart; i < _items.Count; i++)
        {
            render.Add(TranscriptMarkdown.Item(_items[i]));
        }

        if (_thinking.Length > 0 && _streaming.Length == 0)
        {
            render.Add(TranscriptMarkdown.Thinking(_thinking.ToString()));
        }

        if (_streaming.Length > 0)
        {
            render.Add(TranscriptMarkdown.Streaming(_streaming.ToString(), DateTimeOffset.Now));
        }

        if (Retry is { } retry)
        {
            render.Add(TranscriptMarkdown.Retrying(retry));
        }

        render.AddRange(_pending.Select(TranscriptMarkdown.Queued));
        return render;
    }

    /// <summary>The whole pane as one markdown document.</summary>
    public string ToMarkdown() => string.Join("\n\n", Render().Select(r => r.Markdown)) + "\n";

    /// <summary>Where a window ending before item <paramref name="end"/> starts: as many items as fit in <paramref name="chars"/>, at least one.</summary>
    private int StartBefore(int end, int chars)
    {
        var start = end;
        var total = 0;
        while (start > 0)
        {
            total += TranscriptMarkdown.Item(_items[start - 1]).Markdown.Length;
            if (total > chars && start < end)
            {
                break;
            }

            start--;
        }

        return start;
    }

    /// <summary>
    /// A journaled user message is one of ours by the sequence number the brain acknowledged, or by the correlation id
    /// we posted it with (its acknowledgement lost): never by its text, which another client may have sent too.
    /// </summary>
    private void RemovePending(long seq, string? correlationId)
    {
        var index = _pending.FindIndex(p => p.AcceptedSeq == seq || (correlationId is not null && p.CorrelationId == correlationId));
        if (index >= 0)
        {
            _pending.RemoveAt(index);
        }
    }

    private void MarkApproval(string callId, bool awaiting)
    {
        var index = _items.FindLastIndex(i => i is ToolItem t && t.CallId == callId);
        if (index >= 0 && _items[index] is ToolItem { Result: null } tool)
        {
            _items[index] = tool with { AwaitingApproval = awaiting };
        }
    }
}
