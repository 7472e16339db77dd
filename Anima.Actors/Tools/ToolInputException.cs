namespace Anima.Actors.Tools;

/// <summary>The model's input lacks what the tool needs; the registry turns it into an error result the turn survives.</summary>
public sealed class ToolInputException(string message) : Exception(message);
