using System.Text;
using Anima.Actors.Providers;
using Anima.Messages.Sessions;

namespace Anima.Actors.Memory;

/// <summary>
/// Writes a summary by a model call through the agent's own provider code: of evicted events (level 1) or of
/// level-1 summaries (level 2). One attempt; <see cref="MnemeActor"/> retries with the agent's backoff.
/// </summary>
public static class Summariser
{
    private const string System = """
        You keep the memory of an AI agent called Anima. Summarise the part of a conversation you are given in a few
        short sentences, in the third person ("The user…", "Anima…"). Keep every fact worth remembering later: names,
        preferences, decisions, numbers, file paths, what was tried and how it ended. No preamble, no opinions.
        """;

    public static LlmRequest Request(MemoryKind level, IReadOnlyList<MemoryEntry> items, MnemeSettings settings)
    {
        var text = new StringBuilder();
        text.Append(level == MemoryKind.Digest
            ? "Merge these summaries of consecutive parts of one conversation into one summary:\n\n"
            : "Summarise this part of a conversation:\n\n");
        foreach (var item in items)
        {
            text.Append(item.Text.Length > 4000 ? item.Text[..4000] + " …" : item.Text).Append("\n\n");
        }

        return new LlmRequest(
            settings.SummaryModel,
            600,
            System,
            [new LlmMessage(LlmRole.User, [new TextContent(text.ToString().TrimEnd())])],
            []);
    }

    /// <summary>
    /// The summary's text; throws <see cref="ProviderException"/> as the provider does. <paramref name="billed"/> hears
    /// the usage of a call the model answered, also with an empty summary.
    /// </summary>
    public static async Task<string> RunAsync(ILlmProvider provider, LlmRequest request, CancellationToken cancellationToken, Action<TokenUsage>? billed = null)
    {
        LlmResponse? response = null;
        await foreach (var item in provider.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken))
        {
            response = item as LlmResponse ?? response;
        }

        if (response is not null)
        {
            billed?.Invoke(response.Usage);
        }

        return response?.Text.Trim() is { Length: > 0 } summary
            ? summary
            : throw new ProviderException(ProviderErrorKind.Transient, "The summary came back empty.");
    }
}
