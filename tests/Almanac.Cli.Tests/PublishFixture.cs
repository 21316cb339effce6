using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Domain.Publishing;
using Almanac.Store;

namespace Almanac.Cli.Tests;

/// <summary>
/// The demo store and the 2023 report `almanac demo` published from it in every format (English), with the French
/// HTML added by `almanac publish`; built once for the publishing tests, which hold the files' figures against print (<see cref="PrintComparison"/>).
/// <see cref="Publication"/> is the same report built in process, for the layout the files must follow.
/// </summary>
public sealed class PublishFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-publish-");

    public string Database => Path.Combine(_directory.FullName, "demo.db");
    /// <summary>Where `demo` published the 2023 report in every format (English); the French HTML is added beside it.</summary>
    public string Output => Path.Combine(_directory.FullName, "report-2023");
    public string Terminal { get; private set; } = "";
    public Publication Publication { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Assert.Equal(0, await RunAsync(["demo", "--out", _directory.FullName]));
        Assert.Equal(0, await RunAsync(["publish", "--db", Database, "--year", "2023", "--out", Output, "--lang", "fr", "--format", "html"]));
        await using var store = await AlmanacStores.OpenAsync(Database, cancellationToken);
        var definition = DefaultDefinitions.Load();
        Publication = PublicationBuilder.Build(definition, await PublicationInputsLoader.LoadAsync(store, definition, cancellationToken), 2023, "en");
    }

    /// <summary>Runs the almanac command; what it printed accumulates in <see cref="Terminal"/>.</summary>
    public async Task<int> RunAsync(string[] args)
    {
        var (code, output) = await CliRun.RunAsync(args);
        Terminal += output;
        return code;
    }

    public string File(string name) => Path.Combine(Output, name);

    public ValueTask DisposeAsync()
    {
        _directory.Delete(true);
        return ValueTask.CompletedTask;
    }
}
