namespace Anima.Actors.Mind;

/// <summary>
/// The felt form of the mind for the system prompt: first-person lines, never numbers, never instructions.
/// </summary>
public static class InnerVoice
{
    /// <summary>
    /// One line per hormone that drives the inner voice and has reached a threshold (the highest it reached),
    /// ordered by hormone name, joined by newlines; null when every such hormone is silent.
    /// </summary>
    public static string? For(MindState state, DateTimeOffset now)
    {
        var lines = state.Config.Hormones
            .Where(h => h.DrivesInnerVoice)
            .Select(h => h.VoiceAt(state.Felt(h.Name, now)))
            .OfType<string>()
            .ToList();
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }
}
