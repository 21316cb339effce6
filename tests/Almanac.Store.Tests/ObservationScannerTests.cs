using System.Globalization;
using Almanac.Store.Facts;

namespace Almanac.Store.Tests;

public sealed class ObservationScannerTests
{
    /// <summary>
    /// The scanner reads the common value cell without decimal.TryParse; every cell must give what that parse gives (the
    /// one the refusing reader, ObservationFile, uses): accepted or not, and the same decimal to its scale (bits compared).
    /// </summary>
    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("007")]
    [InlineData("120")]
    [InlineData("95.5")]
    [InlineData("95.50")]
    [InlineData("0.0001")]
    [InlineData("123456789012345678")]
    [InlineData("12345678901234567.8")]
    [InlineData("1234567890123456789")]
    [InlineData("99999999999999999999999999")]
    [InlineData("4294967296")]
    [InlineData("18446744073709551615")]
    [InlineData("-5")]
    [InlineData("-0")]
    [InlineData("+5")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("٣")]
    public void A_value_cell_reads_as_decimal_TryParse_reads_it(string cell)
    {
        var expectedAccepted = decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var expected);

        var accepted = ObservationScanner.TryParseValue(cell, out var value);

        Assert.Equal(expectedAccepted, accepted);
        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(value));
    }
}
