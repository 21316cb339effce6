namespace Almanac.Tests;

/// <summary>Finds the repository and the workplace's ../shared folder (reports and reference files the project does not copy).</summary>
public static class SharedFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The workplace's shared folder: ../shared beside the repository.</summary>
    public static string Folder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>Path of a file under ../shared, or a skip with the reason when it is absent; a failure in CI (CI=true), where it must be there.</summary>
    public static string Require(string relativePath) => Require(Folder, relativePath, Prerequisite.InCi);

    /// <summary>As <see cref="Require(string)"/> with the shared folder and whether this is CI given (so that the rule itself can be tested).</summary>
    public static string Require(string folder, string relativePath, bool inCi)
    {
        var path = Path.GetFullPath(Path.Combine(folder, relativePath));
        if (File.Exists(path)) return path;
        Prerequisite.Missing($"{path} is absent: this check needs the workplace's shared folder next to the repository.", null, inCi);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Almanac.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Almanac.slnx not found above " + AppContext.BaseDirectory);
    }
}
