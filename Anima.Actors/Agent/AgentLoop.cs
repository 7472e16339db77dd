using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Anima.Actors.Memory;
using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.Actors.Tools;
using Anima.Actors.Usage;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>
/// The session's turns (<c>session-*/agent/loop-*</c>), one at a time: read the journal's tail, decide the next
/// step, call the model, run the tools it asks for, and ask the session to persist every result — until the
/// model has the last word; then wait for the next <see cref="BeginTurn"/>. Transient provider failures are
/// thrown to the <see cref="AgentSupervisor"/>, which stops the loop and starts a new one; since every step is
/// decided from the journal, that never repeats a finished tool call.
/// </summary>
/// <remarks>
/// The loop outlives its turns (everything a turn keeps is reset when the next begins): an actor per turn cost
/// its creation, a death watch and a stop every turn, and under load its cell and mailbox were among what
/// every collection had to promote.
/// </remarks>
public sealed class AgentLoop : ReceiveActor
{
    private const int RefineAboveTokens = 2000;

    private readonly string _sessionId;
    private readonly IActorRef _session;
    private readonly AgentServices _services;
    private readonly string _workingDirectory;
    private readonly StreamRelay _relay;
    private string _systemPrompt;
    private Turn _turn = new();
    private Step _step = Step.Idle;

    /// <summary>The session's permissions, as its tail last said (or a change since): checked before every call.</summary>
    private SessionPermissions _permissions = SessionPermissions.None;

    /// <summary>The session's "always" rules, parsed: remade when they change.</summary>
    private IReadOnlyList<AllowRule> _sessionRules = [];

    /// <summary>Where the last call's window started: kept until it no longer fits (batch eviction, a cacheable prefix).</summary>
    private long _windowStart;

    /// <summary>The memory block that opens the window (pins, digests, summaries): remade only when the window's start or the pins change.</summary>
    private (long WindowStart, string Pins, string? Text) _memoryBlock = (-1, string.Empty, null);

    /// <param name="workingDirectory">The session's directory: tools resolve paths against it, and its project files are read into the system prompt.</param>
    public AgentLoop(string sessionId, IActorRef session, AgentServices services, string workingDirectory)
    {
        _sessionId = sessionId;
        _session = session;
        _services = services;
        _workingDirectory = workingDirectory;
        _systemPrompt = SystemPrompt.Build(workingDirectory);
        _relay = new StreamRelay(session, sessionId);

        // Handlers are registered once, each for the step it belongs to: a turn moves through four or five steps,
        // and Become would rebuild the actor's handler table at each of them.
        Receive<BeginTurn>(_ => _step == Step.Idle, _ => Begin());
        Receive<ProjectRead>(_ => _step == Step.ReadingProject, read =>
        {
            _systemPrompt = SystemPrompt.Build(_workingDirectory, read.Context);
            _step = Step.Planning;
            _session.Tell(new GetTail(_sessionId));
        });
        Receive<SessionTail>(_ => _step == Step.Planning, tail =>
        {
            _turn.CountedTokens = tail.CountedTokens;
            if (tail.Permissions is { } permissions)
            {
                Permit(permissions);
            }

            Plan(tail.Events);
        });
        Receive<PermissionsChanged>(changed => Permit(changed.Permissions));
        // The session's answers to an approval this loop gave for the user (see Permit): the journal holds it already.
        Receive<ApprovalRecorded>(_ => { });
        Receive<RequestFailed>(_ => { });
        Receive<ApprovalPrepared>(_ => _step == Step.PreparingApproval, RequestApproval);
        Receive<ApprovalGiven>(given => _step == Step.AwaitingApproval && given.CallId == _turn.Awaiting?.CallId, Approved);
        Receive<MindReading>(_ => _step == Step.ReadingMind, reading => RecallThenCall(_turn.PlannedTail!, reading));
        Receive<MemoryPrepared>(_ => _step == Step.Recalling, prepared =>
        {
            _turn.Memory = prepared.Context;
            if (prepared.Query is { } query && _turn.UserSeq is { } forSeq)
            {
                // The user can see what came back and why (the TUI's memory view); the session keeps the last for a client that attaches later.
                _session.Tell(new PublishTransient(RecallShown.Event(_sessionId, forSeq, query, prepared.Context.Recalled, DateTimeOffset.UtcNow)));
            }

            CallModel(_turn.PlannedTail!, prepared.Mind);
        });
        Receive<StreamRelay.Answered>(_ => _step == Step.Streaming, Answered);
        Receive<StreamRelay.Cancelled>(_ => _step == Step.Streaming, Cancelled);
        Receive<StreamRelay.Failed>(_ => _step == Step.Streaming, ModelFailedWith);
        Receive<ToolDone>(_ => _step == Step.RunningTool, ToolFinished);
        Receive<EventsAppended>(appended =>
        {
            _turn.LastSeq = appended.LastSeq;
            var next = _turn.AfterAppend;
            _turn.AfterAppend = null;
            next?.Invoke();
        });
        Receive<InterruptTurn>(_ =>
        {
            _turn.Interrupted = true;
            _turn.Cancel?.Cancel();
            if (_step == Step.AwaitingApproval && _turn.Awaiting is { } waiting)
            {
                // Nothing runs to be cancelled: the wait ends here, and the call is closed with the rest of the queue.
                _turn.Awaiting = null;
                CloseInterrupted([waiting, .. _turn.ToolQueue]);
            }
        });
    }

    /// <summary>Where the turn is; each step answers its own messages, every step the session's acknowledgements and interrupts.</summary>
    private enum Step
    {
        /// <summary>Between turns.</summary>
        Idle,

        /// <summary>Reading the session directory's project files (AGENTS.md) for the turn's system prompt.</summary>
        ReadingProject,

        /// <summary>Waiting for the session's tail to decide the next step.</summary>
        Planning,

        /// <summary>Waiting for the mind's reading before the model call.</summary>
        ReadingMind,

        /// <summary>Waiting for what the turn's message brings back from memory (once a turn).</summary>
        Recalling,

        /// <summary>The model is answering.</summary>
        Streaming,

        /// <summary>Working out what a call that needs approval would do (the diff of an edit), to show the user.</summary>
        PreparingApproval,

        /// <summary>A call waits for the user's approval; the loop blocks nothing meanwhile.</summary>
        AwaitingApproval,

        /// <summary>A tool is running.</summary>
        RunningTool,

        /// <summary>The last events are being written; the turn ends once they are.</summary>
        Closing,
    }

    public static Props Props(string sessionId, IActorRef session, AgentServices services, string workingDirectory) =>
        Akka.Actor.Props.Create(() => new AgentLoop(sessionId, session, services, workingDirectory));

    private AgentSettings Settings => _services.Settings;

    /// <summary>The supervisor keeps the session's shell across turns.</summary>
    private IActorRef Shell => Context.Parent;

    protected override void PostStop() => _turn.Cancel?.Cancel();

    /// <summary>
    /// A new turn: nothing of the last one carries over. The project files are read again, so an edited AGENTS.md
    /// counts from the next turn on, and every call of a turn gets the same system prompt.
    /// </summary>
    private void Begin()
    {
        _turn.Cancel?.Dispose();
        _turn = new Turn();
        _step = Step.ReadingProject;
        ProjectContext.ReadAsync(_workingDirectory).PipeTo(Self, success: context => new ProjectRead(context), failure: _ => new ProjectRead(null));
    }

    private void Plan(IReadOnlyList<Journaled> journal)
    {
        _turn.LastSeq = journal.Count > 0 ? journal[^1].Seq : 0;
        _turn.PlannedSeq = _turn.LastSeq;
        var tail = ConversationOrder.Arrange(journal);
        if (_turn.Interrupted)
        {
            End(TurnOutcome.Interrupted, InterruptedNotice());
            return;
        }

        switch (TurnPlanner.Next(tail))
        {
            case TurnStep.Finished:
                End(TurnOutcome.Completed);
                break;
            case TurnStep.CloseDangling dangling:
                Append(
                    dangling.Calls.Select(call => (ISessionEvent)new ToolResponse(
                        call.CallId,
                        // Said for both ways this happens: the brain stopped mid-run, or the result could not be saved (a full disk).
                        "Interrupted: Anima stopped before this tool's result was saved, so it may not have finished. Check its effects before running it again.",
                        IsError: true,
                        DateTimeOffset.UtcNow)).ToArray(),
                    () => _session.Tell(new GetTail(_sessionId)));
                break;
            case TurnStep.ResumeApproval resumed:
                // Taken up where the brain stopped: the first call's approval is read from the journal, not asked again.
                _turn.Recovered = journal;
                foreach (var call in resumed.Calls)
                {
                    _turn.ToolQueue.Enqueue(call);
                }

                NextTool();
                break;
            case TurnStep.CallModel when _turn.ModelCalls >= Settings.MaxToolRounds:
                End(TurnOutcome.Completed, new SystemMessage(
                    $"Stopped after {Settings.MaxToolRounds} model calls in one turn (anima.agent.max-tool-rounds). Send a message to let it go on.",
                    DateTimeOffset.UtcNow,
                    SystemMessageLevel.Warning));
                break;
            case TurnStep.CallModel:
                ReadMindThenCall(journal, tail);
                break;
        }
    }

    private void ReadMindThenCall(IReadOnlyList<Journaled> journal, IReadOnlyList<Journaled> tail)
    {
        _turn.PlannedTail = tail;
        _turn.UserSeq ??= tail.LastOrDefault(j => j.Event is UserMessage)?.Seq;
        if (_services.Mind is null)
        {
            RecallThenCall(tail, MindReading.Neutral(Settings.ThinkingBudget));
            return;
        }

        _step = Step.ReadingMind;
        _services.Mind.Tell(new ReadMind(_sessionId, journal, Settings.ThinkingBudget, Settings.MaxTokens, Settings.MaxToolRounds, _turn.ModelCalls));
    }

    /// <summary>Memory is asked once a turn, with the message that opened it; the turn's later calls keep what came back.</summary>
    private void RecallThenCall(IReadOnlyList<Journaled> tail, MindReading mind)
    {
        if (_services.Memory is not { } memory || _turn.Memory is not null)
        {
            CallModel(tail, mind);
            return;
        }

        var query = tail.Select(j => j.Event).OfType<UserMessage>().LastOrDefault()?.Text;
        _step = Step.Recalling;
        memory.PrepareAsync(_sessionId, query, _windowStart).PipeTo(
            Self,
            success: context => new MemoryPrepared(context, mind, query),
            failure: _ => new MemoryPrepared(MemoryContext.Empty, mind, query));
    }

    private void CallModel(IReadOnlyList<Journaled> tail, MindReading mind)
    {
        if (_turn.Interrupted)
        {
            End(TurnOutcome.Interrupted, InterruptedNotice());
            return;
        }

        if (mind.ToolRounds is { } allowed && _turn.ModelCalls >= allowed)
        {
            // The mind's third channel: under strain the agent allows itself fewer rounds. The first call past them is
            // its last (the mind's tail carries the wish to hand back); after that the turn ends.
            if (_turn.HandingBack)
            {
                End(TurnOutcome.Completed, new SystemMessage(
                    $"Anima stepped back after {_turn.ModelCalls} model calls in this turn: under strain it allows itself fewer than anima.agent.max-tool-rounds ({Settings.MaxToolRounds}). Send a message to let it go on.",
                    DateTimeOffset.UtcNow,
                    SystemMessageLevel.Info));
                return;
            }

            _turn.HandingBack = true;
        }

        var (provider, missing) = _services.Providers.Current();
        if (provider is null)
        {
            Fail(missing!);
            return;
        }

        var counted = _turn.CountedTokens;
        var viewport = Viewport.Assemble(
            tail.Select(j => counted is not null && counted.TryGetValue(j.Seq, out var exact) ? new ViewportEvent(j.Seq, j.Event, exact) : ViewportEvent.From(j)).ToArray(),
            Settings.ContextBudget,
            Settings.ContextLowWater,
            _windowStart);
        if (viewport.FirstSeq != _windowStart && viewport.Truncated)
        {
            _services.Memory?.Mneme?.Tell(new Evicted(_sessionId, viewport.FirstSeq));
        }

        _windowStart = viewport.FirstSeq;
        _session.Tell(new PublishTransient(new ContextWindow(_sessionId, viewport.Tokens, Settings.ContextBudget, viewport.EventCount)));
        var recalled = _turn.Memory?.Recalled ?? [];
        var request = new LlmRequest(
            Settings.Model,
            Settings.MaxTokens,
            _systemPrompt,
            MemoryLayers.Place(viewport.Messages, MemoryBlock(viewport.FirstSeq)),
            _services.Tools.Catalog,
            mind.ThinkingBudget,
            VolatileTail.Render([
                VolatileTail.Time(DateTimeOffset.Now),
                .. mind.Tail,
                .. RecallSection.For(recalled, _sessionId, DateTimeOffset.Now, _services.Memory?.Settings.RecallBudget ?? 0) is { } section ? [section] : Array.Empty<TailSection>(),
            ]));
        if (_turn.ModelCalls == 0 && recalled.FirstOrDefault(r => r.Memory.Levels.Count > 0) is { } felt)
        {
            // A recalled moment touches how the agent feels now, a little (the mind decides how much).
            _services.Mind?.Tell(new Anima.Messages.Mind.FeelingRecalled(_sessionId, felt.Memory.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), felt.Memory.Levels, DateTimeOffset.UtcNow));
        }

        _turn.ModelCalls++;
        _turn.RequestSeq = _turn.LastSeq;
        _turn.Cancel = new CancellationTokenSource();
        _step = Step.Streaming;
        _relay.RelayAsync(provider, request, _turn.Cancel.Token).PipeTo(Self);
    }

    /// <summary>The block of pins and summaries before the window: the same bytes until the window's start or the pins change.</summary>
    private string? MemoryBlock(long windowStart)
    {
        if (_turn.Memory is not { } memory || _services.Memory is not { } service)
        {
            return _memoryBlock.Text;
        }

        var pins = string.Join(',', memory.Pins.Select(p => p.Id));
        if (_memoryBlock.WindowStart != windowStart || _memoryBlock.Pins != pins)
        {
            var budget = (int)((long)Settings.ContextBudget * service.Settings.SummaryShare / 100);
            _memoryBlock = (windowStart, pins, MemoryLayers.Render(memory.Pins, memory.Layers, windowStart, budget));
        }

        return _memoryBlock.Text;
    }

    private void Answered(StreamRelay.Answered answered)
    {
        var response = answered.Response;
        var now = DateTimeOffset.UtcNow;
        var events = new List<ISessionEvent>
        {
            new AgentMessage(response.Text, now, response.Thinking, response.ThinkingSignature, response.Usage, response.StopReason, _turn.RequestSeq, Settings.Model),
        };
        events.AddRange(response.ToolUses.Select(use => new ToolCall(use.Id, use.Name, use.InputJson, now)));
        Append(events, () =>
        {
            // Counted once journaled, as the journal counts it; before the turn ends, so a report asked for after it has it.
            UsageLedger.Get(Context.System).Record(new BilledCall(_sessionId, _turn.UserSeq, CallKind.Agent, Settings.Model, response.Usage, now));
            Context.Parent.Tell(TurnProgress.Instance);
            foreach (var call in events.OfType<ToolCall>())
            {
                _turn.ToolQueue.Enqueue(call);
            }

            NextTool();
        });
    }

    private void Cancelled(StreamRelay.Cancelled cancelled)
    {
        var events = new List<ISessionEvent>();
        var now = DateTimeOffset.UtcNow;
        if (cancelled.PartialText.Length > 0)
        {
            events.Add(new AgentMessage(cancelled.PartialText, now, Usage: cancelled.Usage, StopReason: "interrupted", SeenSeq: _turn.RequestSeq, Model: Settings.Model));
        }

        if (cancelled.Usage is { } usage)
        {
            // An interrupted call is billed for its whole input: `anima usage` counts it like any other.
            UsageLedger.Get(Context.System).Record(new BilledCall(_sessionId, _turn.UserSeq, CallKind.Agent, Settings.Model, usage, now));
        }

        events.Add(InterruptedNotice());
        End(TurnOutcome.Interrupted, [.. events]);
    }

    private void ModelFailedWith(StreamRelay.Failed failed)
    {
        switch (failed.Cause)
        {
            case ProviderException { Kind: ProviderErrorKind.Authentication } auth:
                Fail($"The Anthropic API refused the credentials: {auth.Message}. Run './anima login' with a valid key, or fix ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN for the brain.");
                break;
            case ProviderException { Kind: ProviderErrorKind.BadRequest } bad:
                Fail($"The Anthropic API rejected the request: {bad.Message}. Retrying would send the same request; check anima.agent settings (model, max-tokens).");
                break;
            default:
                // Transient (and unexpected) failures are the supervisor's to retry or give up on.
                throw failed.Cause;
        }
    }

    private void NextTool()
    {
        if (_turn.Interrupted)
        {
            CloseInterrupted([.. _turn.ToolQueue]);
            return;
        }

        if (!_turn.ToolQueue.TryDequeue(out var call))
        {
            if (_turn.StuckOn is { } stuck)
            {
                End(TurnOutcome.Completed, new SystemMessage(
                    $"Stopped: {stuck.Name} failed {Settings.MaxRepeatedFailures} times in this turn with the same input ({Preview(stuck.InputJson)}), so Anima looks stuck (anima.agent.max-repeated-failures). Send a message to let it go on, with a hint if you have one.",
                    DateTimeOffset.UtcNow,
                    SystemMessageLevel.Warning));
                return;
            }

            _step = Step.Planning;
            _session.Tell(new GetTail(_sessionId));
            return;
        }

        Dispatch(call);
    }

    /// <summary>Ends the interrupted turn: every call still queued (or waiting for approval) gets a result saying it did not run.</summary>
    private void CloseInterrupted(IReadOnlyList<ToolCall> notRun)
    {
        var skipped = notRun.Select(call => (ISessionEvent)new ToolResponse(call.CallId, "Not run: the turn was interrupted.", IsError: true, DateTimeOffset.UtcNow, Interrupted: true)).ToArray();
        _turn.ToolQueue.Clear();
        End(TurnOutcome.Interrupted, [.. skipped, InterruptedNotice()]);
    }

    private void Permit(SessionPermissions permissions)
    {
        if (!permissions.AllowRules.SequenceEqual(_permissions.AllowRules))
        {
            _sessionRules = [.. permissions.AllowRules.Select(text => AllowRule.Parse(text, out _)).OfType<AllowRule>()];
        }

        _permissions = permissions;

        // A prompt the user's new mode (or a rule they just added) no longer needs is answered for them, through the
        // session like any answer: journaled, so every client's dialog closes, and the call runs.
        if (_step == Step.AwaitingApproval && _turn.Awaiting is { } waiting && Check(waiting).Allowed)
        {
            var mode = PermissionModes.Name(_permissions.Mode ?? Permissions.DefaultMode);
            _session.Tell(new DecideApproval(_sessionId, waiting.CallId, ApprovalDecision.Approve, "mode " + mode));
        }
    }

    private PermissionCheck Check(ToolCall call) => _services.Tools.Check(
        call.Name,
        call.InputJson,
        _permissions.Mode ?? Permissions.DefaultMode,
        Permissions.Allow,
        _sessionRules,
        _workingDirectory);

    /// <summary>
    /// Runs the call if the session's permissions allow it; otherwise journals an approval request (with what the call
    /// would do) and waits for the answer — as a step, never blocking: interrupts and the answer arrive as messages.
    /// </summary>
    private void Dispatch(ToolCall call)
    {
        if (_turn.Recovered is { } journal && Approvals.Of(journal, call.CallId) is ({ } request, var answer, false))
        {
            _ = request;
            switch (answer)
            {
                case null:
                    _step = Step.AwaitingApproval;
                    _turn.Awaiting = call;
                    return;
                case { Decision: ApprovalDecision.Deny }:
                    Declined(call);
                    return;
                case not null when _permissions.FreshApprovals.Contains(call.CallId):
                    // Answered after the brain restarted, before this loop waited: approved, and not run yet.
                    _step = Step.RunningTool;
                    RunTool(call);
                    return;
                default:
                    // Approved before the brain stopped: it may have been running then, and is not run twice.
                    _step = Step.RunningTool;
                    ToolFinished(new ToolDone(call, "Interrupted: Anima stopped after this call was approved, so it may have run, in part or whole. Check its effects before running it again.", IsError: true));
                    return;
            }
        }

        var check = Check(call);
        if (check.Allowed)
        {
            _step = Step.RunningTool;
            RunTool(call);
            return;
        }

        _step = Step.PreparingApproval;
        var context = new ToolContext(_sessionId, call.CallId, Shell, _workingDirectory, _turn.LastSeq);
        _services.Tools.PreviewAsync(call.Name, call.InputJson, context, CancellationToken.None).PipeTo(
            Self,
            success: preview => new ApprovalPrepared(call, preview, check),
            failure: ex => new ApprovalPrepared(call, $"{call.Name} {call.InputJson} (no preview: {ex.Message})", check));
    }

    private PermissionSettings Permissions => Settings.Permissions ?? PermissionSettings.Default;

    private void RequestApproval(ApprovalPrepared prepared)
    {
        if (_turn.Interrupted)
        {
            CloseInterrupted([prepared.Call, .. _turn.ToolQueue]);
            return;
        }

        var request = new ApprovalRequested(prepared.Call.CallId, prepared.Call.Name, prepared.Preview, prepared.Check.Reason!, DateTimeOffset.UtcNow, prepared.Check.Rule);
        _step = Step.AwaitingApproval;
        _turn.Awaiting = prepared.Call;
        Append([request], () => { });
    }

    private void Approved(ApprovalGiven given)
    {
        var call = _turn.Awaiting!;
        _turn.Awaiting = null;
        if (given.Decision == ApprovalDecision.Deny)
        {
            Declined(call);
            return;
        }

        _step = Step.RunningTool;
        RunTool(call);
    }

    /// <summary>A declined call's result: the model reads that the user said no, and the turn goes on.</summary>
    private void Declined(ToolCall call)
    {
        _step = Step.RunningTool;
        ToolFinished(new ToolDone(call, "The user declined this tool call: it did not run. Do not retry it as it is; ask the user what they want instead, or go on another way.", IsError: true, Declined: true));
    }

    /// <summary>Runs the call through the registry, off the actor; an interrupt cancels it.</summary>
    private void RunTool(ToolCall call)
    {
        _turn.Cancel = new CancellationTokenSource();
        var context = new ToolContext(_sessionId, call.CallId, Shell, _workingDirectory, _turn.LastSeq);
        _services.Tools.RunAsync(call.Name, call.InputJson, context, _turn.Cancel.Token).PipeTo(
            Self,
            success: result => new ToolDone(call, result.Content, result.IsError, result.Interrupted),
            failure: ex => new ToolDone(call, $"{call.Name} failed: {ex.Message}", true));
    }

    private void ToolFinished(ToolDone done)
    {
        NoteRepeatedFailure(done);
        var content = ToolResultCap.Fit(done.Content, Settings.MaxToolResultBytes);
        var response = new ToolResponse(done.Call.CallId, content, done.IsError, DateTimeOffset.UtcNow, done.Interrupted ? true : null, done.Declined ? true : null);
        Append([response], () =>
        {
            RefineTokens(response, _turn.LastSeq);
            NextTool();
        });
    }

    /// <summary>
    /// A large result's estimate (chars / 4) can be far off for code or non-Latin text; the API counts it
    /// exactly, off the actor, and the session keeps the count for the viewports that follow.
    /// </summary>
    private void RefineTokens(ToolResponse response, long seq)
    {
        if (TokenEstimator.Estimate(response) < RefineAboveTokens || _services.Providers.Current().Provider is not { } provider)
        {
            return;
        }

        var probe = new LlmRequest(Settings.Model, 1, string.Empty, [new LlmMessage(LlmRole.User, [new TextContent(response.Content)])], []);
        var session = _session;
        var sessionId = _sessionId;
        _ = provider.CountTokensAsync(probe, CancellationToken.None).ContinueWith(
            counted => session.Tell(new TokensCounted(sessionId, seq, counted.Result)),
            TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    private void Append(IReadOnlyList<ISessionEvent> events, Action then)
    {
        _turn.AfterAppend = then;
        _session.Tell(new AppendEvents(_sessionId, events));
    }

    private void End(TurnOutcome outcome, params ISessionEvent[] closing)
    {
        void Finish()
        {
            _session.Tell(new PublishTransient(new TurnEnded(_sessionId, outcome)));
            _step = Step.Idle;
            Context.Parent.Tell(TurnFinished.Instance);
        }

        if (closing.Length > 0)
        {
            _step = Step.Closing;
            Append(closing, Finish);
        }
        else
        {
            Finish();
        }
    }

    /// <summary>Ends the turn with an error the user must act on; retrying would not help.</summary>
    private void Fail(string text) =>
        End(TurnOutcome.Failed, new SystemMessage(text, DateTimeOffset.UtcNow, SystemMessageLevel.Error, _turn.PlannedSeq));

    /// <summary>
    /// Closes an interrupted turn. It carries the last event the turn planned from, so a message the user sent
    /// meanwhile is arranged after it and answered by the next turn (it was left unanswered, on screen, without a word).
    /// </summary>
    /// <summary>The message that closes a turn the user interrupted; marked, so the mind feels the interrupt once.</summary>
    private SystemMessage InterruptedNotice() =>
        new(ToolResult.InterruptedByUser, DateTimeOffset.UtcNow, SystemMessageLevel.Warning, _turn.PlannedSeq, Interrupted: true);

    private sealed record MemoryPrepared(MemoryContext Context, MindReading Mind, string? Query);

    /// <summary>
    /// The loop guard: the same call (name and input) failing <see cref="AgentSettings.MaxRepeatedFailures"/> times in
    /// one turn marks the turn stuck; it stops once the calls of the current answer have their results. A model that
    /// retries a broken command unchanged would otherwise spend the user's quota until max-tool-rounds.
    /// </summary>
    private void NoteRepeatedFailure(ToolDone done)
    {
        if (Settings.MaxRepeatedFailures <= 0 || done.Interrupted || done.Declined)
        {
            return;
        }

        var key = done.Call.Name + "\0" + Canonical(done.Call.InputJson);
        if (!done.IsError)
        {
            _turn.Failures.Remove(key);
            return;
        }

        var failures = _turn.Failures[key] = _turn.Failures.GetValueOrDefault(key) + 1;
        if (failures >= Settings.MaxRepeatedFailures)
        {
            _turn.StuckOn ??= done.Call;
        }
    }

    /// <summary>The input as compact JSON, so spacing the model varies does not make a repeated call look new.</summary>
    private static string Canonical(string inputJson)
    {
        try
        {
            return JsonNode.Parse(inputJson)?.ToJsonString() ?? inputJson;
        }
        catch (JsonException)
        {
            return inputJson;
        }
    }

    private static string Preview(string inputJson)
    {
        var compact = Canonical(inputJson);
        return compact.Length <= 120 ? compact : compact[..120] + "…";
    }

    /// <param name="Declined">The user declined the call: an error for the model, not a failure the loop guard counts.</param>
    private sealed record ToolDone(ToolCall Call, string Content, bool IsError, bool Interrupted = false, bool Declined = false);

    private sealed record ApprovalPrepared(ToolCall Call, string Preview, PermissionCheck Check);

    private sealed record ProjectRead(string? Context);

    /// <summary>What one turn keeps: a new one for every <see cref="BeginTurn"/>.</summary>
    private sealed class Turn
    {
        public Queue<ToolCall> ToolQueue { get; } = new();

        public CancellationTokenSource? Cancel { get; set; }

        /// <summary>What to do once the session acknowledges the events the loop asked it to append.</summary>
        public Action? AfterAppend { get; set; }

        public bool Interrupted { get; set; }

        public int ModelCalls { get; set; }

        public long LastSeq { get; set; }

        /// <summary>The user message that opened the turn (its last before the first call): what its calls are counted under.</summary>
        public long? UserSeq { get; set; }

        /// <summary>The last event the model saw in this turn's latest call.</summary>
        public long RequestSeq { get; set; }

        /// <summary>The last event of the tail the turn last planned from: what it has seen.</summary>
        public long PlannedSeq { get; set; }

        public IReadOnlyDictionary<long, int>? CountedTokens { get; set; }

        public IReadOnlyList<Journaled>? PlannedTail { get; set; }

        /// <summary>The mind's rounds are spent: this turn's next call is its last.</summary>
        public bool HandingBack { get; set; }

        /// <summary>What the turn's message brought back from memory; null until asked.</summary>
        public MemoryContext? Memory { get; set; }

        /// <summary>Failures so far of each call (name and input) that has not since succeeded.</summary>
        public Dictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

        /// <summary>The call that failed too often: the turn stops before the next model call.</summary>
        public ToolCall? StuckOn { get; set; }

        /// <summary>The call waiting for the user's approval.</summary>
        public ToolCall? Awaiting { get; set; }

        /// <summary>The journal a turn resumed after a restart planned from: the approvals its first calls already have.</summary>
        public IReadOnlyList<Journaled>? Recovered { get; set; }
    }
}
