using Anima.Messages.Sessions;

namespace Anima.Actors.Protocol;

/// <summary>
/// Loop → mind: how the agent feels having felt <paramref name="Seen"/>, the journal tail the loop decides from.
/// The mind feels any of them the bus has not brought it yet before it answers with a <see cref="MindReading"/>,
/// so the next call already feels the last tool error without waiting for the bus. The rest says what the call
/// would be without a mind: its thinking budget, the model calls a turn may make, and how many it has made.
/// </summary>
public sealed record ReadMind(
    string SessionId,
    IReadOnlyList<Journaled> Seen,
    int BaseThinkingBudget,
    int MaxTokens,
    int MaxToolRounds = 0,
    int CallsThisTurn = 0);
