namespace Anima.Actors.Mind;

/// <summary>
/// How the levels reach the agent beyond its voice: the thinking budget moves in steps of
/// <paramref name="ThinkingBudgetStep"/> tokens; a turn allows itself at least <paramref name="ToolRoundsMin"/> model
/// calls; <paramref name="LastRoundWant"/> is felt on the last call the mind allows.
/// </summary>
public sealed record MindChannels(int ThinkingBudgetStep, int ToolRoundsMin, string? LastRoundWant);
