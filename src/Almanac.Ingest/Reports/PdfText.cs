using System.ComponentModel;
using System.Diagnostics;
using Almanac.Domain;

namespace Almanac.Ingest.Reports;

/// <summary>Turns a PDF into text with poppler's <c>pdftotext -layout</c>, which keeps a table's cells on their row.</summary>
public static class PdfText
{
    public const string Tool = "pdftotext";

    public static bool IsPdf(string path, ReadOnlySpan<byte> head) =>
        path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || head.StartsWith("%PDF-"u8);

    /// <summary>The PDF's text as UTF-8 bytes; a clear error when pdftotext is not installed or fails.</summary>
    public static async Task<byte[]> ExtractAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Tool)
        {
            ArgumentList = { "-layout", "-enc", "UTF-8", path, "-" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new AlmanacException($"{path}: could not start {Tool}.");
        }
        catch (Win32Exception)
        {
            throw new AlmanacException($"{path}: reading a PDF needs {Tool}, which is not installed; install Debian's poppler-utils (apt-get install poppler-utils) or give the text file instead.");
        }
        using (process)
        {
            using var output = new MemoryStream();
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (output.Length + read > InputLimits.MaxReportBytes)
                {
                    // Stop the tool rather than hold text past the bound.
                    process.Kill(entireProcessTree: true);
                    ReportRecognizer.CheckSize(Path.GetFileName(path), output.Length + read);
                }
                output.Write(buffer, 0, read);
            }
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new AlmanacException($"{path}: {Tool} could not read the PDF (exit code {process.ExitCode}): {(await errors).Trim()}");
            }
            // Kept as pdftotext wrote it: its form feeds (page breaks) tell the recognizer that columns are laid out by spaces.
            return output.ToArray();
        }
    }
}
