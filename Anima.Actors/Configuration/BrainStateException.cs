namespace Anima.Actors.Configuration;

/// <summary>The brain's state on disk is unusable (a full disk, a damaged or foreign database, a folder it may not write); the message says what and what to do.</summary>
public sealed class BrainStateException(string message, Exception? inner = null) : Exception(message, inner);
