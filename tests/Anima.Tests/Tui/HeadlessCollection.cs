namespace Anima.Tests.Tui;

/// <summary>
/// Specs that draw with Terminal.Gui's driver run one at a time: creating one flips a process-wide environment
/// variable (DisableRealDriverIO) for a moment, and two doing it at once could leave it set.
/// </summary>
[CollectionDefinition("headless terminal")]
public sealed class HeadlessCollection;
