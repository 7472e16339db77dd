namespace Anima.Actors.Tools;

/// <summary>What web_get hands the model: readable text, or an explanation of why there is none.</summary>
public sealed record WebGetResult(string Content, bool IsError);
