using Anima.Actors.Tools;
using Anima.Tests.Support;

namespace Anima.Tests.Tools;

/// <summary>edit_file on real files: one exact match (or all, when told), the change as a unified diff, nothing written otherwise.</summary>
public sealed class EditFileToolSpecs : IDisposable
{
    private static readonly string Numbered = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_unique_match_is_replaced_and_the_result_is_its_unified_diff()
    {
        _workspace.Write("f.txt", Numbered);

        var result = await _workspace.RunAsync("edit_file", new { path = "f.txt", old_string = "line 10\n", new_string = "ten\nand a half\n" });

        Assert.False(result.IsError);
        Assert.Equal(Numbered.Replace("line 10\n", "ten\nand a half\n"), _workspace.Read("f.txt"));
        Assert.Equal(
            """
            Edited f.txt.
            --- f.txt
            +++ f.txt
            @@ -7,7 +7,8 @@
             line 7
             line 8
             line 9
            -line 10
            +ten
            +and a half
             line 11
             line 12
             line 13

            """,
            result.Content);
    }

    [Fact]
    public async Task Text_that_occurs_twice_is_refused_with_the_lines_where_it_is_and_the_file_is_left_alone()
    {
        _workspace.Write("f.txt", "let x = 1;\nlet y = 2;\nlet x = 1;\n");

        var result = await _workspace.RunAsync("edit_file", new { path = "f.txt", old_string = "let x = 1;", new_string = "let x = 3;" });

        Assert.True(result.IsError);
        Assert.Equal("old_string occurs 2 times in f.txt (at lines 1, 3). Include more of the surrounding text to pick one, or set replace_all to change them all.", result.Content);
        Assert.Equal("let x = 1;\nlet y = 2;\nlet x = 1;\n", _workspace.Read("f.txt"));
    }

    [Fact]
    public async Task Replace_all_changes_every_occurrence_and_the_diff_has_a_hunk_for_each_distant_one()
    {
        _workspace.Write("f.txt", Numbered.Replace("line 2\n", "old\n").Replace("line 18\n", "old\n"));

        var result = await _workspace.RunAsync("edit_file", new { path = "f.txt", old_string = "old", new_string = "new", replace_all = true });

        Assert.Equal(Numbered.Replace("line 2\n", "new\n").Replace("line 18\n", "new\n"), _workspace.Read("f.txt"));
        Assert.StartsWith("Edited f.txt: 2 replacements.\n", result.Content);
        Assert.Contains("@@ -1,5 +1,5 @@\n line 1\n-old\n+new\n line 3\n", result.Content);
        Assert.Contains("@@ -15,6 +15,6 @@\n line 15\n line 16\n line 17\n-old\n+new\n line 19\n line 20\n", result.Content);
    }

    [Fact]
    public async Task Lines_the_replacement_kept_are_context_and_a_deletion_counts_its_lines()
    {
        _workspace.Write("f.txt", Numbered);

        var result = await _workspace.RunAsync("edit_file", new { path = "f.txt", old_string = "line 5\nline 6\nline 7\n", new_string = "line 5\n" });

        Assert.EndsWith("@@ -3,8 +3,6 @@\n line 3\n line 4\n line 5\n-line 6\n-line 7\n line 8\n line 9\n line 10\n", result.Content);
    }

    [Fact]
    public async Task Changes_whose_context_would_overlap_share_one_hunk()
    {
        _workspace.Write("f.txt", Numbered.Replace("line 5\n", "x\n").Replace("line 8\n", "x\n"));

        var result = await _workspace.RunAsync("edit_file", new { path = "f.txt", old_string = "x", new_string = "y", replace_all = true });

        Assert.EndsWith("@@ -2,10 +2,10 @@\n line 2\n line 3\n line 4\n-x\n+y\n line 6\n line 7\n-x\n+y\n line 9\n line 10\n line 11\n", result.Content);
    }

    [Fact]
    public async Task Text_that_is_not_there_is_an_error_that_says_to_copy_it_exactly()
    {
        _workspace.Write("f.txt", "    indented\n");

        var result = await _workspace.RunAsync("edit_file", new { path = "f.txt", old_string = "  indented", new_string = "x" });
        var none = await _workspace.RunAsync("edit_file", new { path = "f.txt", old_string = "absent", new_string = "x" });

        Assert.False(result.IsError); // "  indented" is inside "    indented": an exact substring still matches once
        Assert.True(none.IsError);
        Assert.StartsWith("old_string was not found in f.txt. Read the file again and copy the text exactly", none.Content);
    }

    [Fact]
    public async Task A_file_with_crlf_line_ends_is_edited_with_lf_text_and_keeps_its_line_ends()
    {
        _workspace.Write("win.txt", "one\r\ntwo\r\nthree\r\n");

        var result = await _workspace.RunAsync("edit_file", new { path = "win.txt", old_string = "one\ntwo\n", new_string = "one\n2\n" });

        Assert.False(result.IsError);
        Assert.Equal("one\r\n2\r\nthree\r\n", _workspace.Read("win.txt"));
    }

    [Fact]
    public async Task A_missing_file_points_to_write_file_and_an_edit_that_changes_nothing_is_refused()
    {
        _workspace.Write("f.txt", "same\n");

        var missing = await _workspace.RunAsync("edit_file", new { path = "new.txt", old_string = "a", new_string = "b" });
        var same = await _workspace.RunAsync("edit_file", new { path = "f.txt", old_string = "same", new_string = "same" });

        Assert.Equal((true, "There is no file new.txt. Use write_file to create a file."), (missing.IsError, missing.Content));
        Assert.Equal((true, "old_string and new_string are the same: there is nothing to change."), (same.IsError, same.Content));
    }

    [Fact]
    public async Task A_binary_file_is_refused_and_left_alone()
    {
        byte[] bytes = [0x61, 0x00, 0x62];
        File.WriteAllBytes(_workspace.PathOf("blob.bin"), bytes);

        var result = await _workspace.RunAsync("edit_file", new { path = "blob.bin", old_string = "a", new_string = "c" });

        Assert.True(result.IsError);
        Assert.StartsWith("blob.bin looks binary", result.Content);
        Assert.Equal(bytes, File.ReadAllBytes(_workspace.PathOf("blob.bin")));
    }

    [Fact]
    public void The_diff_of_an_insertion_at_the_end_without_a_final_newline_numbers_it_after_the_last_line()
    {
        var diff = UnifiedDiff.Of("f", "a\nb", "a\nb\nc", [2], 1, 3);

        Assert.Equal("--- f\n+++ f\n@@ -1,2 +1,3 @@\n a\n b\n+c\n", diff);
    }
}
