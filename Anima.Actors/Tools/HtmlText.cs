using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Anima.Actors.Tools;

/// <summary>
/// Reduces an HTML page to the text a reader would see: headings as <c>#</c> lines, paragraphs and list items
/// on lines of their own, links as <c>[text](url)</c>, whitespace collapsed. Scripts, styles, navigation and
/// other chrome are dropped.
/// </summary>
internal static class HtmlText
{
    private const string Dropped = "script, style, nav, noscript, template, svg, iframe, canvas, [hidden], [aria-hidden=true]";

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "header", "hr", "main", "ol", "p", "section", "summary",
        "table", "tbody", "tfoot", "thead", "tr", "ul",
    };

    public static (string? Title, string Text) Render(string html, Uri baseUri)
    {
        using var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(Dropped).ToList())
        {
            element.Remove();
        }

        var title = Collapse(document.Title ?? "");
        var writer = new Writer();
        Walk(document.Body ?? document.DocumentElement, writer, baseUri);
        return (title.Length == 0 ? null : title, writer.ToString());
    }

    private static void Walk(INode node, Writer writer, Uri baseUri)
    {
        switch (node)
        {
            case IText text:
                writer.Text(text.Data);
                break;
            case IElement element:
                WalkElement(element, writer, baseUri);
                break;
        }
    }

    private static void WalkElement(IElement element, Writer writer, Uri baseUri)
    {
        var tag = element.LocalName;
        switch (tag)
        {
            case "br":
                writer.LineBreak();
                return;
            case "pre":
                writer.BlankLine();
                writer.Preformatted(element.TextContent);
                writer.BlankLine();
                return;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                writer.BlankLine();
                writer.Text(new string('#', tag[1] - '0') + " ");
                WalkChildren(element, writer, baseUri);
                writer.BlankLine();
                return;
            case "p":
                writer.BlankLine();
                WalkChildren(element, writer, baseUri);
                writer.BlankLine();
                return;
            case "li":
                writer.LineBreak();
                writer.Text("- ");
                WalkChildren(element, writer, baseUri);
                writer.LineBreak();
                return;
            case "td" or "th":
                writer.Text(" ");
                WalkChildren(element, writer, baseUri);
                writer.Text(" ");
                return;
            case "a" when LinkTarget(element, baseUri) is { } target:
                var inner = new Writer();
                WalkChildren(element, inner, baseUri);
                var label = Collapse(inner.ToString());
                if (label.Length > 0)
                {
                    writer.Text(label == target ? target : $"[{label}]({target})");
                }

                return;
        }

        var block = Blocks.Contains(tag);
        if (block)
        {
            writer.LineBreak();
        }

        WalkChildren(element, writer, baseUri);
        if (block)
        {
            writer.LineBreak();
        }
    }

    private static void WalkChildren(IElement element, Writer writer, Uri baseUri)
    {
        foreach (var child in element.ChildNodes)
        {
            Walk(child, writer, baseUri);
        }
    }

    private static string? LinkTarget(IElement anchor, Uri baseUri)
    {
        var href = anchor.GetAttribute("href");
        if (string.IsNullOrWhiteSpace(href) || href.StartsWith('#') || !Uri.TryCreate(baseUri, href.Trim(), out var target))
        {
            return null;
        }

        return target.Scheme is "http" or "https" ? target.AbsoluteUri : null;
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Builds text with at most one space between words and at most one blank line between blocks.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private bool _space;

        public void Text(string text)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    _space = true;
                    continue;
                }

                if (_space && !AtLineStart)
                {
                    _text.Append(' ');
                }

                _space = false;
                _text.Append(c);
            }
        }

        public void Preformatted(string text)
        {
            _text.Append(text.Trim('\n'));
            _space = false;
        }

        public void LineBreak()
        {
            TrimTrailingSpaces();
            if (!AtLineStart)
            {
                _text.Append('\n');
            }

            _space = false;
        }

        public void BlankLine()
        {
            LineBreak();
            if (_text.Length > 0 && !EndsWith("\n\n"))
            {
                _text.Append('\n');
            }
        }

        public override string ToString() => _text.ToString().Trim();

        private bool AtLineStart => _text.Length == 0 || _text[^1] == '\n';

        private bool EndsWith(string suffix) =>
            _text.Length >= suffix.Length && _text.ToString(_text.Length - suffix.Length, suffix.Length) == suffix;

        private void TrimTrailingSpaces()
        {
            while (_text.Length > 0 && _text[^1] == ' ')
            {
                _text.Length--;
            }
        }
    }
}
