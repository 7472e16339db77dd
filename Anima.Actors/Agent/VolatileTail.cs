using System.Globalization;
using System.Text;
using Anima.Actors.Providers;

namespace Anima.Actors.Agent;

/// <summary>
/// What changes with every call — the time, the mind's inner voice and desires, and (later) recalled memories —
/// rendered as one text block that the provider places after the conversation, at the end of the last user
/// message. The system prompt and every earlier message stay byte-identical between calls, so a provider can
/// cache them; a cache breakpoint belongs on the block before this one, never on it.
/// </summary>
/// <remarks>
/// The block is marked as the agent's own inner state (the stable system prompt says so too): it is never the
/// user's words, never journaled, and never shown in a transcript.
/// </remarks>
public static class VolatileTail
{
    public const string Open = "<inner_state>";
    public const string Close = "</inner_state>";

    /// <summary>The time as the agent reads it: a weekday, a date and a clock in the brain's own time zone.</summary>
    public static TailSection Time(DateTimeOffset now) =>
        new("Now", now.ToString("dddd d MMMM yyyy, HH:mm (zzz)", CultureInfo.InvariantCulture));

    /// <summary>The sections in order, one line each, inside the markers; null when there are none.</summary>
    public static string? Render(IReadOnlyList<TailSection> sections)
    {
        if (sections.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder(Open.Length + Close.Length + 64 * sections.Count);
        text.Append(Open).Append('\n');
        foreach (var section in sections)
        {
            text.Append(section.Label).Append(": ").Append(section.Text).Append('\n');
        }

        return text.Append(Close).ToString();
    }
}
