namespace Anima.Client;

/// <summary>No brain answered, or it refused us; the message says what to do.</summary>
public sealed class BrainUnavailableException(string message) : Exception(message);
