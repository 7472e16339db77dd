namespace Anima.Messages.Mind;

/// <summary>
/// The agent's gain matrix at <paramref name="Version"/>: published by Psyche on the bus whenever it changes,
/// and sent to whoever asks with <see cref="GetPsycheMatrix"/>. Thymos reacts with it.
/// </summary>
public sealed record PsycheMatrix(int Version, IReadOnlyList<GainEntry> Gains) : IAnimaMessage;
