using System.Security.Cryptography.X509Certificates;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Actors.Agent;
using Anima.Actors.Configuration;
using Anima.Actors.Gateway;
using Anima.Actors.Memory;
using Anima.Actors.Mind;
using Anima.Actors.Providers;
using Anima.Actors.Sessions;
using Anima.Actors.Tools;
using Anima.Actors.Trust;
using Anima.Actors.Usage;

namespace Anima.Host.Brain;

/// <summary>
/// What the brain's actor system is given from outside it, made from the settings: the client token, the brain's
/// certificate and our CA, the provider and web clients and the shell ledger the agent shares, the mind's config.
/// Preparing them writes the state tree (the home's folders, token, certificates, the database's WAL mode).
/// </summary>
public sealed record BrainParts(
    BrainInfo Info,
    string Token,
    X509Certificate2 Certificate,
    X509Certificate2 Authority,
    AgentServices Agent,
    MindConfig Mind,
    int OrphanedShells,
    IReadOnlyList<Anima.Actors.Mcp.McpServerSpec> McpServers) : IDisposable
{
    public static BrainParts Prepare(BrainSettings settings)
    {
        // The rooms read their own sections; a mistake there stops the start before anything is written.
        var mind = ConfigValidation.Room(settings.Config, settings.Home.ConfigFile, MindConfig.Parse);
        ConfigValidation.Room(settings.Config, settings.Home.ConfigFile, SessionJournal.Synchronous);
        ConfigValidation.Room(settings.Config, settings.Home.ConfigFile, PriceList.Parse);
        var mcpServers = Anima.Actors.Mcp.McpConfig.Load(settings.Home); // a bad entry stops the start here, in one line

        settings.Home.EnsureCreated();
        var token = ClientToken.LoadOrCreate(settings.Home);
        var trust = new TrustMaterial(settings.Home);
        var certificate = trust.Brain([settings.Hostname]);
        var authority = trust.Authority();
        settings.Home.MakePrivate(settings.DatabaseFile);
        DatabasePreflight.Prepare(settings.DatabaseFile);

        var agentSettings = AgentSettings.From(settings.Config);
        var shells = new ShellLedger(Path.Combine(settings.Home.Tmp, "shells", settings.Environment.Name));
        var orphans = shells.SweepOrphans();
        var mneme = MnemeSettings.From(settings.Config);
        var memory = mneme.Enabled
            ? new MemoryService(new MemoryStore(MemoryStore.FileBeside(settings.DatabaseFile), new MiniLmEncoder()), mneme)
            : null;
        var agent = new AgentServices(agentSettings, new ProviderSource(settings.Home, agentSettings.BaseUrl, agentSettings.RequestTimeout), new WebGet(agentSettings.WebGetTimeout), Shells: shells, Memory: memory, Shelf: new ToolShelf());
        return new BrainParts(
            new BrainInfo(BrainInfo.CurrentVersion, DateTimeOffset.UtcNow, settings.Environment.Name),
            token,
            certificate,
            authority,
            agent,
            mind,
            orphans,
            mcpServers);
    }

    public void Dispose()
    {
        Agent.Providers.Dispose();
        Agent.Web.Dispose();
        Agent.Memory?.Store.Dispose();
    }
}
