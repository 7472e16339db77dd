using System.Text.Encodings.Web;

namespace Anima.Messages.Serialization;

/// <summary>How every piece of JSON Anima writes (journal, wire, request bodies, export, the TUI's tool view) escapes text.</summary>
public static class JsonText
{
    /// <summary>
    /// Escaped only where JSON requires (quotes, backslashes, control characters). System.Text.Json's default
    /// encoder is made for JSON inside HTML: it wrote every non-ASCII character and every <c>&lt;</c>, <c>&gt;</c>,
    /// <c>&amp;</c> and quote as <c>\uXXXX</c>, up to six times their size, and people read the escapes (an expanded
    /// tool call showed <c>grep \u0027x\u0027 \u003Cfile</c>). None of Anima's JSON is ever embedded in HTML.
    /// </summary>
    public static JavaScriptEncoder AsWritten => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}
