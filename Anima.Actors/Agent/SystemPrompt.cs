using System.Text;

namespace Anima.Actors.Agent;

/// <summary>The system prompt, assembled fresh for every call (the mind's inner voice changes between calls).</summary>
public static class SystemPrompt
{
    public static string Build(AgentSettings settings, DateTimeOffset now, string? innerVoice = null)
    {
        var prompt = new StringBuilder();
        prompt.Append("""
            You are Anima, a personal AI agent living on your user's own machine. You keep one continuous
            conversation per session, and you can act: run commands in a persistent bash shell and fetch web pages.
            Work step by step, check what your commands print, and say plainly what you did and what you found.
            Prefer small, reversible actions; ask before doing anything destructive.
            """);
        prompt.Append("\n\nEnvironment: ")
            .Append(System.Runtime.InteropServices.RuntimeInformation.OSDescription)
            .Append("; the shell starts in ").Append(settings.WorkingDirectory)
            .Append("; now is ").Append(now.ToString("yyyy-MM-dd HH:mm zzz")).Append('.');
        if (!string.IsNullOrWhiteSpace(innerVoice))
        {
            // The mind speaks in the first person: a felt state, not an instruction.
            prompt.Append("\n\nInner voice (your own feeling right now, not a message from the user):\n").Append(innerVoice);
        }

        return prompt.ToString();
    }
}
