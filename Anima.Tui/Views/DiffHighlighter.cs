using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Anima.Tui.Views;

/// <summary>
/// Colours the lines of a <c>diff</c> code block (an edit_file result): added lines green, removed lines red, hunk
/// headers cyan, on the code block's own background. Every other block is left as it was, one plain segment a line.
/// </summary>
public sealed class DiffHighlighter(Func<Attribute> codeAttribute) : ISyntaxHighlighter
{
    public const string Language = "diff";

    public static readonly Color Added = new(0x3f, 0xb9, 0x50);
    public static readonly Color Removed = new(0xf8, 0x51, 0x49);
    public static readonly Color Hunk = new(0x39, 0xa5, 0xc5);

    public string ThemeName => "anima-diff";

    public Color? DefaultBackground => null;

    public IReadOnlyList<StyledSegment> Highlight(string code, string? language)
    {
        if (language != Language || LineColour(code) is not { } colour)
        {
            return [new StyledSegment(code, MarkdownStyleRole.CodeBlock)];
        }

        return [new StyledSegment(code, MarkdownStyleRole.CodeBlock, attribute: new Attribute(colour, codeAttribute().Background))];
    }

    public void ResetState()
    {
    }

    public Attribute? GetAttributeForScope(MarkdownStyleRole role) => null;

    /// <summary>The colour of a diff line, or null for context and the file header.</summary>
    public static Color? LineColour(string line) => line switch
    {
        _ when line.StartsWith("@@", StringComparison.Ordinal) => Hunk,
        _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) => null,
        _ when line.StartsWith('+') => Added,
        _ when line.StartsWith('-') => Removed,
        _ => null,
    };
}
