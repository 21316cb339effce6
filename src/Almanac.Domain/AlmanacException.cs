namespace Almanac.Domain;

/// <summary>Base of every error Almanac reports to its user; the message is meant to be read as is.</summary>
public class AlmanacException : Exception
{
    public AlmanacException(string message) : base(message) { }
    public AlmanacException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>An error whose English message is the refusal's, and which a page or the API says from its code.</summary>
    public AlmanacException(Refusal refusal) : base(refusal.Message) => Refusal = refusal;

    /// <summary>The rule that refused, by code and arguments, for a reader of another language; null when the error has only its English.</summary>
    public Refusal? Refusal { get; }
}

/// <summary>
/// Bad input: names the file, the line, the column and the value that could not be taken (the column and the value cut
/// as <see cref="InputLimits.Quote"/> cuts them; <see cref="Value"/> keeps the whole value).
/// </summary>
public sealed class InputException : AlmanacException
{
    public InputException(string file, long? line, string? column, string? value, string problem)
        : base(Describe(file, line, column, value, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Value = value;
        Problem = problem;
    }

    /// <summary>The input file as the user named it.</summary>
    public string File { get; }
    /// <summary>1-based line in the file, or null when the problem concerns the whole file.</summary>
    public long? Line { get; }
    public string? Column { get; }
    public string? Value { get; }
    public string Problem { get; }

    private static string Describe(string file, long? line, string? column, string? value, string problem)
    {
        var where = file;
        if (line is not null) where += $", line {line}";
        if (column is not null) where += $", column {InputLimits.Quote(column)}";
        if (value is not null) where += $", value {InputLimits.Quote(value)}";
        return $"{where}: {problem}";
    }
}
