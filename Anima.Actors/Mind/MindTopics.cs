using Anima.Actors.Protocol;
namespace Anima.Actors.Mind;

/// <summary>The mind's names on the bus, beside every session's events (<see cref="Topics.AllSessions"/>).</summary>
public static class MindTopics
{
    /// <summary>Appraised stimuli (<c>StimulusAppraised</c>), and recalled feelings: for Thymos and Psyche.</summary>
    public const string Stimuli = "mind-stimuli";

    /// <summary>The gain matrix whenever Psyche changes it (<c>PsycheMatrix</c>): for Thymos.</summary>
    public const string Psyche = "mind-psyche";
}
