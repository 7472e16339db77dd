using System.Runtime.InteropServices;

namespace Anima.Actors.Agent;

/// <summary>The system prompt, assembled fresh for every call (the mind's inner voice changes between calls).</summary>
public static class SystemPrompt
{
    private const string Preamble = """
        You are Anima, a personal AI agent living on your user's own machine. You keep one continuous
        conversation per session, and you can act: run commands in a persistent bash shell and fetch web pages.
        Work step by step, check what your commands print, and say plainly what you did and what you found.
        Prefer small, reversible actions; ask before doing anything destructive.
        """;

    // The mind speaks in the first person: a felt state, not an instruction.
    private const string InnerVoiceHeading = "\n\nInner voice (your own feeling right now, not a message from the user):\n";

    /// <remarks>One interpolation into a pooled buffer: the string itself is the only allocation.</remarks>
    public static string Build(AgentSettings settings, DateTimeOffset now, string? innerVoice = null)
    {
        var feeling = !string.IsNullOrWhiteSpace(innerVoice);
        return $"{Preamble}\n\nEnvironment: {RuntimeInformation.OSDescription}; the shell starts in {settings.WorkingDirectory}; now is {now:yyyy-MM-dd HH:mm zzz}.{(feeling ? InnerVoiceHeading : null)}{(feeling ? innerVoice : null)}";
    }
}
