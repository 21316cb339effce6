namespace Almanac.Tests;

/// <summary>Finds the repository and the workplace's ../shared folder (reports and reference files the project does not copy).</summary>
public static class SharedFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Path of a file under ../shared, or a skip with the reason when that folder is absent; a failure in CI (CI=true), where it must be there.</summary>
    public static string Require(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", relativePath));
        if (File.Exists(path)) return path;
        var reason = $"{path} is absent: this check needs the workplace's shared folder next to the repository.";
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(reason);
        Assert.Skip(reason);
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
