namespace Anima.Actors.Tools;

/// <summary>What a tool can touch, as the permission check sees it (<see cref="PermissionPolicy"/>).</summary>
public enum ToolAccess
{
    /// <summary>Anything (a command, another program, an MCP server): asks unless the mode is trust or a rule allows it.</summary>
    Acts,

    /// <summary>Reads only: never asks.</summary>
    ReadOnly,

    /// <summary>Writes the file at <see cref="ITool.TargetPath"/>: runs in auto-edit when that is inside the session's directory.</summary>
    EditsFiles,

    /// <summary>Changes only Anima's own state (its memory): never asks.</summary>
    AnimaOnly,
}
