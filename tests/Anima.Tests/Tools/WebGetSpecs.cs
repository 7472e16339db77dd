using System.Diagnostics;
using Anima.Actors.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Anima.Tests.Tools;

public sealed class WebGetSpecs : IAsyncLifetime
{
    private const string Page = """
        <!DOCTYPE html>
        <html><head><title> Spec   page </title><style>body { color: red; }</style>
        <script>alert('script text');</script></head>
        <body>
          <nav><a href="/home">Site menu</a></nav>
          <h1>Main   heading</h1>
          <p>Words   spread
             over lines, with <b>bold</b> and a <a href="/next">next page</a>.</p>
          <noscript>Enable JavaScript</noscript>
          <ul><li>first item</li><li>second <i>item</i></li></ul>
          <h2>Code</h2>
          <pre>keep   this
          as is</pre>
          <div>tail<br>line</div>
        </body></html>
        """;

    private readonly WebGet _web = new();
    private WebApplication _server = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.Urls.Add("http://127.0.0.1:0");
        _server.MapGet("/page", () => Results.Content(Page, "text/html; charset=utf-8"));
        _server.MapGet("/plain", () => Results.Text("line one\n  indented two\n", "text/plain"));
        _server.MapGet("/json", () => Results.Text("""{"a": [1, 2]}""", "application/json"));
        _server.MapGet("/image", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47, 0, 0, 0], "image/png"));
        _server.MapGet("/missing", () => Results.Text("no such thing", "text/plain", statusCode: 404));
        _server.MapGet("/hop/{n:int}", (int n) => n == 0 ? Results.Text("arrived") : Results.Redirect($"/hop/{n - 1}"));
        _server.MapGet("/to-file", () => Results.Redirect("file:///etc/passwd"));
        _server.MapGet("/big", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            var chunk = new string('b', 64 * 1024);
            for (var i = 0; i < 64 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.WriteAsync(chunk, context.RequestAborted);
            }
        });
        _server.MapGet("/slow", async (HttpContext context) =>
        {
            await context.Response.StartAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await _server.StartAsync();
        _base = _server.Urls.Single().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        _web.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Html_becomes_readable_text_with_its_title()
    {
        var result = await _web.GetAsync($"{_base}/page");

        Assert.False(result.IsError);
        Assert.Equal(
            $"""
            Title: Spec page

            # Main heading

            Words spread over lines, with bold and a [next page]({_base}/next).

            - first item
            - second item

            ## Code

            keep   this
              as is

            tail
            line
            """,
            result.Content);
    }

    [Fact]
    public async Task Other_text_comes_back_as_it_is()
    {
        Assert.Equal(new WebGetResult("line one\n  indented two\n", false), await _web.GetAsync($"{_base}/plain"));
        Assert.Equal(new WebGetResult("""{"a": [1, 2]}""", false), await _web.GetAsync($"{_base}/json"));
    }

    [Fact]
    public async Task Binary_content_is_refused()
    {
        var result = await _web.GetAsync($"{_base}/image");

        Assert.True(result.IsError);
        Assert.Contains("refusing binary content (image/png", result.Content);
    }

    [Fact]
    public async Task An_error_status_is_an_error_with_the_body()
    {
        var result = await _web.GetAsync($"{_base}/missing");

        Assert.True(result.IsError);
        Assert.Equal("HTTP 404 Not Found\n\nno such thing", result.Content);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "refusing 'file' URL")]
    [InlineData("ftp://127.0.0.1/x", "refusing 'ftp' URL")]
    [InlineData("javascript:alert(1)", "refusing 'javascript' URL")]
    [InlineData("not a url", "not a valid absolute URL")]
    [InlineData("example.com/page", "not a valid absolute URL")]
    [InlineData("", "not a valid absolute URL")]
    public async Task Only_http_and_https_urls_are_fetched(string url, string error)
    {
        var result = await _web.GetAsync(url);

        Assert.True(result.IsError);
        Assert.Contains(error, result.Content);
    }

    [Fact]
    public async Task Up_to_five_redirects_are_followed()
    {
        Assert.Equal(new WebGetResult("arrived", false), await _web.GetAsync($"{_base}/hop/5"));
    }

    [Fact]
    public async Task A_sixth_redirect_is_refused()
    {
        var result = await _web.GetAsync($"{_base}/hop/6");

        Assert.True(result.IsError);
        Assert.Contains("too many redirects", result.Content);
    }

    [Fact]
    public async Task Every_redirect_hop_has_its_scheme_checked()
    {
        var result = await _web.GetAsync($"{_base}/to-file");

        Assert.True(result.IsError);
        Assert.Contains("refusing redirect", result.Content);
        Assert.Contains("file:///etc/passwd", result.Content);
    }

    [Fact]
    public async Task Reading_stops_at_the_size_cap()
    {
        var result = await _web.GetAsync($"{_base}/big");

        Assert.False(result.IsError);
        Assert.Equal(WebGet.DefaultMaxBytes, result.Content.TakeWhile(c => c == 'b').Count());
        Assert.EndsWith("\n[content truncated: stopped reading after 2 MB]", result.Content);
    }

    [Fact]
    public async Task A_slow_server_times_out()
    {
        using var web = new WebGet(timeout: TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var result = await web.GetAsync($"{_base}/slow");

        Assert.True(result.IsError);
        Assert.Contains("timed out after 0.3 s", result.Content);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_throws()
    {
        using var cancel = new CancellationTokenSource();
        var fetching = _web.GetAsync($"{_base}/slow", cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetching);
    }
}
