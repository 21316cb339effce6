namespace Almanac.Web.Localization;

/// <summary>
/// The texts of the pages people read, in English (UiText.resx, the reference), French and Spanish (UiText.fr.resx,
/// UiText.es.resx): the type an <c>IStringLocalizer&lt;UiText&gt;</c> names. Keys are the page and the text's role
/// ("Login.Title"); a key missing in a language shows its English text.
/// </summary>
#pragma warning disable CA1812 // named only as a type argument, never instantiated
public sealed class UiText;
#pragma warning restore CA1812
