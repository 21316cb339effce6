using System.Globalization;
using System.Resources;
using Almanac.Publish.Questionnaires;

namespace Almanac.Web.Localization;

/// <summary>The words of an offline questionnaire workbook in a language, from the pages' resources (Workbook.*), for the web and the command line alike.</summary>
public static class WorkbookText
{
    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    public static WorkbookWords Words(string language)
    {
        var culture = CultureInfo.GetCultureInfo(UiLanguages.Supported.Contains(language) ? language : "en");
        string W(string key) => Resources.GetString("Workbook." + key, culture) ?? throw new InvalidOperationException($"no text Workbook.{key}");
        return new WorkbookWords(W("Instructions"), [W("Line1"), W("Line2"), W("Line3"), W("Line4")], W("Question"), W("Answer"), W("Accepted"), W("Yes"), W("No"),
            W("Submission"), W("WholeNumber"), W("Amount"), W("Choose"), W("YesNo"), W("Text"), W("Tick"), W("Refused"));
    }
}
