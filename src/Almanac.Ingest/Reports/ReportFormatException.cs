using Almanac.Domain;

namespace Almanac.Ingest.Reports;

/// <summary>A published document Almanac cannot read: not a report at all, or a table in a layout it does not know.</summary>
public sealed class ReportFormatException : AlmanacException
{
    public ReportFormatException(string file, int? line, string problem)
        : base(line is null ? $"{file}: {problem}" : $"{file}, line {line}: {problem}")
    {
        File = file;
        Line = line;
    }

    public string File { get; }
    public int? Line { get; }
}
