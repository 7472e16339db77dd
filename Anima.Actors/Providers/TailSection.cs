namespace Anima.Actors.Providers;

/// <summary>
/// One part of a call's volatile tail: a short label and its text (e.g. "How I feel" and the inner voice).
/// Whatever changes from call to call contributes a section; nothing of it is journaled or cached.
/// </summary>
public sealed record TailSection(string Label, string Text);
