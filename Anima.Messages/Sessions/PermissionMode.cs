namespace Anima.Messages.Sessions;

/// <summary>
/// How freely a session's tools run. Read-only tools always run; what else runs without asking is the mode's, and
/// the allow rules' (anima.tools.permissions).
/// </summary>
public enum PermissionMode
{
    /// <summary>Every tool not known to be read-only asks first: bash, write_file, edit_file, MCP tools.</summary>
    Ask,

    /// <summary>File edits and writes inside the session's directory run; bash, MCP tools and paths outside ask.</summary>
    AutoEdit,

    /// <summary>Everything runs.</summary>
    Trust,
}
