using System.Runtime.InteropServices;

namespace Anima.Actors.Agent;

/// <summary>
/// The system prompt: the same bytes for every call of a session while its project files do not change, so the
/// provider can cache it. Whatever changes per call (the time, the mind) goes in the <see cref="VolatileTail"/> instead.
/// </summary>
public static class SystemPrompt
{
    private const string Preamble = """
        You are Anima, a personal AI agent living on your user's own machine. You keep one continuous
        conversation per session, and you can act: run commands in a persistent bash shell, read, write and edit
        files, search them, and fetch web pages.
        Work step by step, check what your commands print, and say plainly what you did and what you found.
        Prefer small, reversible actions; ask before doing anything destructive.
        """;

    // The tail speaks in the agent's own first person; this tells the model whose words those are, once.
    private const string InnerState = """
        The user's newest message ends with an <inner_state> block. The user did not write it: it is your own
        inner state at this moment (the time, how you feel, what you want), for you alone. Let it colour how you
        work; never quote it or present it as something the user said. Under "What this brings back" it holds your
        own memories that the message called up, from this conversation or others, with how you felt then.
        A <memory> block at the start of the conversation holds what you pinned and summaries of its older parts.
        """;

    private const string ProjectPreface = """
        The user keeps instructions for agents in this project; follow them unless the user says otherwise:
        """;

    /// <param name="workingDirectory">The session's directory: the shell starts there and relative paths resolve against it.</param>
    /// <param name="projectContext">The session directory's AGENTS.md / ANIMA.md (<see cref="ProjectContext"/>), if any.</param>
    public static string Build(string workingDirectory, string? projectContext = null) =>
        $"{Preamble}\n\nEnvironment: {RuntimeInformation.OSDescription}; the working directory (where the shell starts and relative paths resolve) is {workingDirectory}.\n\n{InnerState}"
        + (projectContext is null ? string.Empty : $"\n\n{ProjectPreface}\n\n{projectContext}");
}
