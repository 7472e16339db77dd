using Anima.Actors.Providers;

namespace Anima.Actors.Mind;

/// <summary>
/// The mind's contribution to a call's volatile tail: how it feels (the inner voice) and what it wants (desires,
/// and on the last call it allows itself, the wish to hand back). Nothing when it is at rest.
/// </summary>
public static class FeltTail
{
    public const string Feeling = "How I feel";
    public const string Wanting = "What I want";

    /// <param name="callsThisTurn">Model calls the turn has made before this one.</param>
    /// <param name="toolRounds">The calls the mind allows in this turn (<see cref="ToolRounds"/>), or null.</param>
    public static IReadOnlyList<TailSection> For(MindState state, DateTimeOffset now, int callsThisTurn = 0, int? toolRounds = null)
    {
        var sections = new List<TailSection>(2);
        if (InnerVoice.For(state, now) is { } voice)
        {
            sections.Add(new TailSection(Feeling, voice));
        }

        var wants = Desires.For(state, now).ToList();
        if (toolRounds is { } rounds && callsThisTurn + 1 >= rounds && state.Config.Channels.LastRoundWant is { } handBack)
        {
            wants.Insert(0, handBack);
        }

        if (InnerVoice.Passage(wants) is { } wanting)
        {
            sections.Add(new TailSection(Wanting, wanting));
        }

        return sections;
    }
}
