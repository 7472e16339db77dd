using System.CommandLine;
using System.Globalization;
using System.Text;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Actors.Configuration;
using Anima.Actors.Memory;
using Anima.Messages.Memory;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima memory [search TEXT | show ID | forget ID]</c>: what Mneme remembers, read from its file beside the
/// brain's database whether a brain runs or not; a forget is sent to the running brain, which journals it.
/// </summary>
public static class MemoryCommand
{
    public static Command Create()
    {
        var environment = new Option<string?>("--env") { Description = "production or development (each has its own memory)", Recursive = true };
        var limit = new Option<int>("--limit") { Description = "How many memories to list", DefaultValueFactory = _ => 20, Recursive = true };
        var command = new Command("memory", "What Anima remembers: the newest memories, or search, show and forget one") { environment, limit };
        command.SetAction(parse => Run(parse.GetValue(environment), store =>
        {
            var recent = store.Recent(parse.GetValue(limit));
            Console.Out.Write(recent.Count == 0 ? "Nothing remembered yet.\n" : List(recent.Select(m => (m, (string?)null))));
            return 0;
        }));

        var text = new Argument<string[]>("text") { Description = "Words or a question", Arity = ArgumentArity.OneOrMore };
        var search = new Command("search", "Find memories by words and by meaning together") { text };
        search.SetAction(parse => Run(parse.GetValue(environment), store =>
        {
            var query = string.Join(' ', parse.GetValue(text) ?? []);
            var found = store.Search(query, parse.GetValue(limit));
            Console.Out.Write(found.Count == 0 ? $"Nothing in memory matches \"{query}\".\n" : List(found.Select(r => (r.Memory, (string?)r.Why))));
            return 0;
        }));

        var id = new Argument<long>("id") { Description = "The memory's id (as listed)" };
        var show = new Command("show", "Show one memory whole") { id };
        show.SetAction(parse => Run(parse.GetValue(environment), store =>
        {
            if (store.Get(parse.GetValue(id)) is not { } memory)
            {
                Console.Error.WriteLine($"anima: there is no memory #{parse.GetValue(id)} (forgotten, or never made). 'anima memory' lists them.");
                return 1;
            }

            Console.Out.Write(Show(memory));
            return 0;
        }));

        var forgetId = new Argument<long>("id") { Description = "The memory's id (as listed)" };
        var forgetHost = CliOptions.Host();
        var forget = new Command("forget", "Forget a memory everywhere: out of recall and of every summary that held it (the running brain journals it)") { forgetId, forgetHost };
        forget.SetAction((parse, cancellationToken) => ForgetAsync(parse.GetValue(forgetId), parse.GetValue(forgetHost), cancellationToken));

        command.Subcommands.Add(search);
        command.Subcommands.Add(show);
        command.Subcommands.Add(forget);
        return command;
    }

    /// <summary>
    /// A forget goes to the running brain, which journals it in Mneme's stream and then applies it, so a memory file
    /// made again from the journal keeps it forgotten. With no brain running nothing is forgotten, and the user is told
    /// how to start one: a second writer of the journal (or of the file alone) would be lost or race the brain.
    /// </summary>
    private static async Task<int> ForgetAsync(long id, string? host, CancellationToken cancellationToken)
    {
        var home = AnimaHome.FromEnvironment();
        BrainClient client;
        try
        {
            client = await CliOptions.ConnectAsync(home, host, ClientName, cancellationToken);
        }
        catch (BrainUnavailableException ex)
        {
            Console.Error.WriteLine($"anima: nothing was forgotten: the running brain journals every forget. {ex.Message}");
            Console.Error.WriteLine($"Then run 'anima memory forget {id}' again (with --host HOST:PORT for a brain elsewhere).");
            return 1;
        }

        await using (client)
        {
            var forgotten = await client.RequestAsync<ForgetRecorded>(new ForgetMemory(id, ClientName));
            var summaries = forgotten.Summaries == 0 ? string.Empty : $", and {forgotten.Summaries} summar{(forgotten.Summaries == 1 ? "y" : "ies")} that held it (made again without it)";
            var what = TextColumnsFit(forgotten.Text.ReplaceLineEndings(" "), 80);
            var said = $"Forgot memory #{forgotten.Id} ({forgotten.Kind} of session {forgotten.SessionId[..Math.Min(8, forgotten.SessionId.Length)]}: \"{what}\"){summaries}.\n"
                + "It will not be recalled in any session, nor come back if the memory file is made again from the journal."
                + (forgotten.Kind == "event" ? " (The conversation's own history still has the message.)" : string.Empty) + "\n";
            Console.Out.Write(Console.IsOutputRedirected ? said : TerminalText.Escape(said));
            return 0;
        }
    }

    private const string ClientName = "anima memory forget";

    private static int Run(string? environmentName, Func<MemoryStore, int> action)
    {
        var home = AnimaHome.FromEnvironment();
        var settings = AnimaConfig.ForBrain(home, environmentName);
        var file = MemoryStore.FileBeside(settings.DatabaseFile);
        if (!File.Exists(file))
        {
            Console.WriteLine($"Nothing remembered yet ({file} does not exist: a brain makes it when it starts).");
            return 0;
        }

        using var encoder = new MiniLmEncoder();
        using var store = new MemoryStore(file, encoder);
        return action(store);
    }

    private static string List(IEnumerable<(MemoryEntry Memory, string? Why)> memories)
    {
        var text = new StringBuilder();
        foreach (var (m, why) in memories)
        {
            var line = m.Text.ReplaceLineEndings(" ");
            text.Append(CultureInfo.InvariantCulture, $"#{m.Id,-6} {Format.Local(m.At),-16}  {Kind(m.Kind),-8} {m.SessionId[..Math.Min(8, m.SessionId.Length)],-8}  {TextColumnsFit(line, 80)}");
            if (why is not null)
            {
                text.Append("  [").Append(why).Append(']');
            }

            text.Append('\n');
        }

        return Console.IsOutputRedirected ? text.ToString() : TerminalText.Escape(text.ToString());
    }

    private static string Show(MemoryEntry m)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"memory   #{m.Id} ({Kind(m.Kind)})\n");
        text.Append(CultureInfo.InvariantCulture, $"session  {m.SessionId}, events {m.FromSeq}{(m.ToSeq != m.FromSeq && m.Kind != MemoryKind.Pinned ? "–" + m.ToSeq : string.Empty)}\n");
        text.Append(CultureInfo.InvariantCulture, $"made     {Format.Local(m.At)}\n");
        if (m.Levels.Count > 0)
        {
            text.Append("felt     ").Append(m.Feeling.Length > 0 ? m.Feeling : "calm")
                .Append(" (").Append(string.Join(", ", m.Levels.Select(l => $"{l.Key} {l.Value:0}"))).Append(")\n");
        }

        text.Append('\n').Append(m.Text).Append('\n');
        return Console.IsOutputRedirected ? text.ToString() : TerminalText.Escape(text.ToString());
    }

    private static string Kind(MemoryKind kind) => kind switch
    {
        MemoryKind.Event => "said",
        MemoryKind.Summary => "summary",
        MemoryKind.Digest => "digest",
        MemoryKind.Pinned => "pinned",
        _ => kind.ToString(),
    };

    private static string TextColumnsFit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
