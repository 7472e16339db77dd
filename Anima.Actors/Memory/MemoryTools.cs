using System.Text.Json;
using Anima.Actors.Providers;
using Anima.Actors.Tools;

namespace Anima.Actors.Memory;

/// <summary>The memory tools as the model sees them.</summary>
public static class MemoryTools
{
    public const string RecallName = "recall";
    public const string RememberName = "remember";

    public static ToolDefinition Recall { get; } = new(
        RecallName,
        """
        Search your long-term memory on purpose: every conversation you have had with this user, word for word and
        summarised, found by keywords and by meaning together. Each result has its id, when it was made, and how you
        felt then. Relevant memories also come back by themselves with each user message; use this to look further.
        """,
        Schema("""
            {
              "type": "object",
              "properties": { "query": { "type": "string", "description": "What to look for, in words or as a question." } },
              "required": ["query"],
              "additionalProperties": false
            }
            """));

    public static ToolDefinition Remember { get; } = new(
        RememberName,
        """
        Pin something that must never be compressed or forgotten (a standing preference, a key fact about the user,
        a decision): it stays at the start of your context in every conversation. Use it sparingly; the user can
        remove a pin with `anima memory forget ID`.
        """,
        Schema("""
            {
              "type": "object",
              "properties": { "text": { "type": "string", "description": "The fact, in one or two sentences." } },
              "required": ["text"],
              "additionalProperties": false
            }
            """));

    public static IReadOnlyList<ToolDefinition> All { get; } = [Recall, Remember];

    /// <summary>The two tools, run against <paramref name="memory"/>.</summary>
    public static IReadOnlyList<ITool> For(MemoryService memory) =>
    [
        new MemoryTool(Recall, (input, _) => memory.RecallToolAsync(input)),
        new MemoryTool(Remember, (input, context) => memory.RememberToolAsync(context.SessionId, context.LastSeq, input, Feeling.None)),
    ];

    /// <summary>A memory tool: its definition, and the service call that answers it (its problems are answers too).</summary>
    private sealed class MemoryTool(ToolDefinition definition, Func<string, ToolContext, Task<string>> run) : ITool
    {
        public string Name => definition.Name;

        public string Description => definition.Description;

        public JsonElement InputSchema => definition.InputSchema;

        // Recall reads; remember pins a fact in Anima's own memory: neither touches the user's machine, so neither asks.
        public ToolAccess Access => ToolAccess.AnimaOnly;

        public async Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
            new(await run(input.Json, context).ConfigureAwait(false), IsError: false);
    }

    private static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
