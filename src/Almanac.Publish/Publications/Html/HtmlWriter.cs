using System.Globalization;
using System.Net;
using System.Text;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;
using Almanac.Publish.Publications.Charts;
using Almanac.Publish.Publications.OpenData;

namespace Almanac.Publish.Publications.Html;

/// <summary>
/// Writes a publication as one self-contained HTML file: inline CSS and SVG, a content security policy that lets no
/// request leave the page, a print stylesheet for A4, and on every figure (hover or keyboard focus) its sources and
/// audit status. A figure with a finding carries a visible mark that links to the finding beneath its table.
/// </summary>
public sealed class HtmlWriter : SingleFileWriter
{
    public override string Format => "html";

    protected override byte[] Bytes(Publication publication) => new UTF8Encoding(false).GetBytes(Render(publication));

    /// <summary>The whole page as a string.</summary>
    public static string Render(Publication publication)
    {
        var html = new StringBuilder(1 << 20);
        var labels = publication.Labels;
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(publication.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<title>").Append(E(publication.Title)).Append("</title>\n<style>\n").Append(Stylesheet).Append("</style>\n</head>\n<body>\n");
        html.Append("<header>\n<h1>").Append(E(publication.Title)).Append("</h1>\n<nav aria-labelledby=\"contents\"><h2 id=\"contents\">").Append(E(labels.Contents)).Append("</h2>\n<ol>\n");
        foreach (var section in publication.Sections)
        {
            html.Append("<li><a href=\"#").Append(E(section.Id)).Append("\">").Append(E(section.Title)).Append("</a></li>\n");
        }
        html.Append("<li><a href=\"#sources\">").Append(E(labels.Sources)).Append("</a></li>\n<li><a href=\"#findings\">").Append(E(labels.Findings)).Append("</a></li>\n");
        if (publication.Counts.Count > 0) html.Append("<li><a href=\"#counted\">").Append(E(labels.Counted)).Append("</a></li>\n");
        html.Append("</ol>\n</nav>\n</header>\n<main>\n");

        var tips = new TipWriter(publication);
        foreach (var section in publication.Sections)
        {
            html.Append("<section class=\"part\" id=\"").Append(E(section.Id)).Append("\" aria-labelledby=\"").Append(E(section.Id)).Append("-title\">\n<h2 id=\"")
                .Append(E(section.Id)).Append("-title\">").Append(E(section.Title)).Append("</h2>\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case ParagraphBlock paragraph:
                        html.Append("<p>");
                        foreach (var inline in paragraph.Inlines)
                        {
                            if (inline is FigureInline figure) tips.Figure(html, inline.Text, figure.Cell);
                            else html.Append(E(inline.Text));
                        }
                        html.Append("</p>\n");
                        break;
                    case TableBlock table:
                        Table(html, table.Table, publication, tips);
                        break;
                    case ChartBlock chart:
                        html.Append("<figure class=\"chart\" id=\"").Append(E(chart.Id)).Append("\">\n").Append(SvgChart.Render(chart, publication.Language))
                            .Append("\n<figcaption>").Append(E(chart.Title)).Append("</figcaption>\n</figure>\n");
                        break;
                }
            }
            html.Append("</section>\n");
        }
        Sources(html, publication);
        Findings(html, publication);
        Counted(html, publication);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, PublishedTable table, Publication publication, TipWriter tips)
    {
        html.Append("<figure class=\"table\" id=\"").Append(E(table.Id)).Append("\">\n<table>\n<caption>").Append(E(table.Title)).Append("</caption>\n<thead>\n<tr><th scope=\"col\">")
            .Append(E(table.StubHeader)).Append("</th>");
        foreach (var column in table.Columns) html.Append("<th scope=\"col\">").Append(E(column)).Append("</th>");
        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            if (row.Role == RowRole.SectionHeading)
            {
                html.Append("<tr class=\"heading\"><th scope=\"colgroup\" colspan=\"").Append(table.Columns.Count + 1).Append("\">").Append(E(row.Label)).Append("</th></tr>\n");
                continue;
            }
            html.Append("<tr").Append(row.Role switch { RowRole.Total => " class=\"total\"", RowRole.Derived => " class=\"derived\"", _ => "" }).Append("><th scope=\"row\"");
            if (row.Iso3 is not null) html.Append(" data-iso3=\"").Append(row.Iso3).Append('"');
            html.Append('>').Append(E(row.Label)).Append("</th>");
            foreach (var cell in row.Cells)
            {
                html.Append("<td>");
                var text = NumberFormat.Format(cell.AsCell, publication.Language);
                if (text.Length > 0) tips.Figure(html, text, cell);
                html.Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        foreach (var note in table.Notes) html.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
        var findings = publication.Findings.Select((f, i) => (f, i)).Where(x => x.f.TableId == table.Id).ToList();
        if (findings.Count > 0)
        {
            html.Append("<ul class=\"findings\" aria-label=\"").Append(E(publication.Labels.Findings)).Append("\">\n");
            foreach (var (finding, index) in findings) FindingItem(html, finding, index);
            html.Append("</ul>\n");
        }
        // The data behind the table travels inside the page, so that the link works wherever the file is opened.
        html.Append("<p class=\"data\"><a href=\"data:text/csv;charset=utf-8,").Append(Uri.EscapeDataString(HxlCsvWriter.TableText(publication, table))).Append("\" ");
        html.Append("download=\"").Append(E(table.DataFile)).Append("\">").Append(E(publication.Labels.Data)).Append(": ").Append(E(table.DataFile)).Append("</a></p>\n</figure>\n");
    }

    private static void FindingItem(StringBuilder html, PublishedFinding published, int index)
    {
        var finding = published.Finding;
        html.Append("<li class=\"finding ").Append(finding.Severity.ToString().ToLowerInvariant()).Append("\" id=\"finding-").Append(index + 1).Append("\"><span class=\"flag\" aria-hidden=\"true\">")
            .Append(index + 1).Append("</span> ").Append(E(finding.Message));
        if (finding.Source is not null)
        {
            html.Append(" <span class=\"where\">(").Append(E(finding.Source));
            if (finding.Line is { } line) html.Append(", ").Append(line.ToString(CultureInfo.InvariantCulture));
            html.Append(")</span>");
        }
        html.Append("</li>\n");
    }

    private static void Sources(StringBuilder html, Publication publication)
    {
        var labels = publication.Labels;
        html.Append("<section class=\"part\" id=\"sources\" aria-labelledby=\"sources-title\">\n<h2 id=\"sources-title\">").Append(E(labels.Sources)).Append("</h2>\n<ol>\n");
        for (var i = 0; i < publication.Sources.Count; i++)
        {
            var source = publication.Sources[i];
            html.Append("<li id=\"source-").Append(i + 1).Append("\">").Append(E(source.Describe(labels.Lines, labels.Imported))).Append(" <span class=\"kind\">")
                .Append(E(source.Kind)).Append("</span></li>\n");
        }
        html.Append("</ol>\n</section>\n");
    }

    /// <summary>
    /// The offices behind each count of questionnaire answers, folded: a count's figure links to its list, and following
    /// the link opens it (the id is on the list inside the details, which browsers open for a fragment).
    /// </summary>
    private static void Counted(StringBuilder html, Publication publication)
    {
        if (publication.Counts.Count == 0) return;
        html.Append("<section class=\"part\" id=\"counted\" aria-labelledby=\"counted-title\">\n<h2 id=\"counted-title\">").Append(E(publication.Labels.Counted)).Append("</h2>\n");
        for (var i = 0; i < publication.Counts.Count; i++)
        {
            var counted = publication.Counts[i];
            html.Append("<details><summary>").Append(i + 1).Append(". ").Append(E(counted.Description)).Append("</summary>\n<ol class=\"offices\" id=\"counted-").Append(i + 1).Append("\">");
            foreach (var office in counted.Offices) html.Append("<li>").Append(E(office)).Append("</li>");
            html.Append("</ol>\n</details>\n");
        }
        html.Append("</section>\n");
    }

    private static void Findings(StringBuilder html, Publication publication)
    {
        var labels = publication.Labels;
        html.Append("<section class=\"part\" id=\"findings\" aria-labelledby=\"findings-title\">\n<h2 id=\"findings-title\">").Append(E(labels.Findings)).Append("</h2>\n");
        if (publication.Findings.Count == 0)
        {
            html.Append("<p>").Append(E(labels.NoFindings)).Append("</p>\n</section>\n");
            return;
        }
        html.Append("<table class=\"findings-list\">\n<thead><tr>");
        foreach (var heading in new[] { "#", labels.Table, labels.Source, labels.Rule, labels.Printed, labels.Computed, labels.Severity, labels.Message })
        {
            html.Append("<th scope=\"col\">").Append(E(heading)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        for (var i = 0; i < publication.Findings.Count; i++)
        {
            var finding = publication.Findings[i].Finding;
            var where = finding.Source is null ? "" : finding.Source + (finding.Line is { } line ? ", " + line.ToString(CultureInfo.InvariantCulture) : "");
            html.Append("<tr class=\"finding ").Append(finding.Severity.ToString().ToLowerInvariant()).Append("\"><th scope=\"row\">").Append(i + 1).Append("</th><td>")
                .Append(E(publication.Findings[i].TableId ?? finding.Table)).Append("</td><td>").Append(E(where)).Append("</td><td>").Append(E(finding.Rule)).Append("</td><td>")
                .Append(Number(finding.Printed, publication.Language)).Append("</td><td>").Append(Number(finding.Computed, publication.Language)).Append("</td><td>")
                .Append(finding.Severity.ToString().ToLowerInvariant()).Append("</td><td>").Append(E(finding.Message)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string Number(decimal? value, string language) => value is { } v ? E(NumberFormat.Count(v, language)) : "";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Writes figures with their provenance tip; tips of figures with the same trace are written alike.</summary>
    private sealed class TipWriter(Publication publication)
    {
        private int _next;

        public void Figure(StringBuilder html, string text, PublishedCell cell)
        {
            if (cell.Trace.Sources.Count == 0 && cell.Trace.Findings.Count == 0)
            {
                html.Append(E(text));
                return;
            }
            var id = "f" + (++_next).ToString(CultureInfo.InvariantCulture);
            var labels = publication.Labels;
            html.Append("<span class=\"figure").Append(cell.Trace.HasFindings ? " flagged" : "").Append("\" tabindex=\"0\" aria-describedby=\"").Append(id).Append("\">");
            if (cell.Trace.Counted is { } counted) html.Append("<a class=\"counted\" href=\"#counted-").Append(counted + 1).Append("\">").Append(E(text)).Append("</a>");
            else html.Append(E(text));
            foreach (var finding in cell.Trace.Findings)
            {
                html.Append("<a class=\"flag\" href=\"#finding-").Append(finding + 1).Append("\" aria-label=\"").Append(E(labels.Findings)).Append(' ').Append(finding + 1).Append("\">")
                    .Append(finding + 1).Append("</a>");
            }
            html.Append("<span class=\"tip\" role=\"tooltip\" id=\"").Append(id).Append("\">");
            foreach (var source in cell.Trace.Sources)
            {
                html.Append("<span>").Append(E(labels.Source)).Append(": ").Append(E(publication.Sources[source].Describe(labels.Lines, labels.Imported, cell.Trace.LinesOf(source)))).Append("</span>");
            }
            if (cell.Trace.Counted is { } count) html.Append("<span>").Append(E(publication.Counts[count].Description)).Append("</span>");
            html.Append("<span>").Append(E(labels.AuditStatus)).Append(": ");
            if (cell.Trace.Findings.Count == 0) html.Append(E(labels.NoFindings));
            else html.AppendJoin("; ", cell.Trace.Findings.Select(f => E(publication.Findings[f].Finding.Message)));
            html.Append("</span></span></span>");
        }
    }

    private const string Stylesheet = """
        :root { --ink: #1a1a1a; --rule: #9a9a9a; --soft: #f2f4f7; --accent: #0b5cad; --error: #b3261e; --warning: #8a5a00; }
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem; line-height: 1.45; }
        h1 { font-size: 1.8rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
        nav ol { columns: 2; }
        a { color: var(--accent); }
        figure { margin: 1.5rem 0; }
        figure.table { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 0.85rem; }
        caption { text-align: left; font-weight: bold; padding: 0.4rem 0; caption-side: top; }
        th, td { padding: 0.15rem 0.45rem; border-bottom: 1px solid #d9d9d9; }
        thead th { border-bottom: 2px solid var(--rule); text-align: right; vertical-align: bottom; white-space: nowrap; }
        thead th:first-child, tbody th { text-align: left; font-weight: normal; }
        td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.total th, tr.total td { font-weight: bold; border-top: 1px solid var(--rule); }
        tr.derived th, tr.derived td { font-style: italic; }
        tr.heading th { font-weight: bold; background: var(--soft); text-align: left; }
        .note { font-size: 0.8rem; color: #444; }
        .figure { position: relative; cursor: help; }
        .figure:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
        .figure.flagged { background: #fde7e4; border-bottom: 2px solid var(--error); }
        .flag { display: inline-block; margin-left: 0.2em; font-size: 0.7em; vertical-align: super; color: #fff; background: var(--error); border-radius: 0.6em; padding: 0 0.35em; text-decoration: none; font-weight: bold; }
        .tip { display: none; position: absolute; z-index: 10; left: 0; top: 1.4em; min-width: 18rem; max-width: 28rem; white-space: normal; text-align: left;
               background: #fff; color: var(--ink); border: 1px solid var(--rule); box-shadow: 0 2px 6px rgba(0,0,0,.2); padding: 0.4rem 0.6rem; font-size: 0.8rem; font-weight: normal; font-style: normal; }
        .tip > span { display: block; }
        .figure:hover > .tip, .figure:focus > .tip, .figure:focus-within > .tip { display: block; }
        ul.findings { list-style: none; padding-left: 0; font-size: 0.85rem; }
        li.finding .flag { margin: 0 0.3em 0 0; vertical-align: baseline; }
        a.counted { color: inherit; text-decoration: underline dotted; }
        ol.offices { columns: 3; font-size: 0.85rem; }
        li.finding.warning .flag, tr.finding.warning th { background: var(--warning); color: #fff; }
        .where, .kind { color: #555; }
        .data { font-size: 0.85rem; }
        figure.chart svg { max-width: 100%; height: auto; }
        figcaption { font-weight: bold; font-size: 0.9rem; }
        .findings-list td:last-child { white-space: normal; text-align: left; }
        @media print {
          @page { size: A4; margin: 16mm 14mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
          body { max-width: none; padding: 0; font-size: 9pt; }
          .data, .tip { display: none !important; }
          section.part { break-before: page; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          figure { break-inside: auto; }
          figure.chart { break-inside: avoid; }
          .figure.flagged { background: none; }
          a { color: var(--ink); text-decoration: none; }
        }

        """;
}
