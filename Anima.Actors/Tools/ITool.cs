using System.Text.Json;

namespace Anima.Actors.Tools;

/// <summary>
/// One tool the model may call: what it is told about it (name, description, input schema) and how to run it.
/// A new tool is a class of this kind and a line in <see cref="ToolRegistry.BuiltIn"/>; the loop has no switch
/// over tool names.
/// </summary>
public interface ITool
{
    string Name { get; }

    /// <summary>How to use the tool, in the model's words: what it does, its limits, what comes back.</summary>
    string Description { get; }

    /// <summary>The JSON schema of the input object.</summary>
    JsonElement InputSchema { get; }

    /// <summary>
    /// Runs the tool on input the registry has parsed. Input the tool cannot use throws <see cref="ToolInputException"/>;
    /// an interrupt cancels <paramref name="cancellationToken"/>. Problems the model should read come back as an error result.
    /// </summary>
    Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken);

    /// <summary>What the tool can touch; a tool that does not say is taken to act (it asks first).</summary>
    ToolAccess Access => ToolAccess.Acts;

    /// <summary>The absolute path an <see cref="ToolAccess.EditsFiles"/> tool would write, resolved against the session's directory.</summary>
    string? TargetPath(ToolInput input, string workingDirectory) => null;

    /// <summary>What the call would do, shown to the user who is asked to approve it (a command, a diff); the input by default.</summary>
    Task<string> PreviewAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) => Task.FromResult(input.Json);
}
