using System.Diagnostics;
using Microsoft.Playwright;

namespace Almanac.Web.Tests;

/// <summary>Waits until a page shows a given address with its document fully loaded, by asking the page itself.</summary>
/// <remarks>
/// Playwright .NET's <c>WaitForURLAsync</c> looks at the frame's load states and then subscribes to their event; a load
/// state that arrives between the two is missed, and the wait runs out with the page long there (seen in CI: the browser
/// showed the home page and Playwright's log held only "NetworkIdle event fired"). The document's own address and
/// <c>readyState</c>, asked again and again, cannot be missed.
/// </remarks>
internal static class PageArrival
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Returns true once the page's document is at an address <paramref name="arrived"/> accepts and has finished loading
    /// (its scripts have run and its load event has fired); false when <paramref name="timeout"/> passes first.
    /// </summary>
    public static async Task<bool> WaitAsync(IPage page, Func<string, bool> arrived, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var document = await page.EvaluateAsync<string[]>("() => [location.href, document.readyState]");
                if (arrived(document[0]) && document[1] == "complete")
                {
                    return true;
                }
            }
            catch (PlaywrightException)
            {
                // The page is between two documents: the one asked was replaced while answering. Ask the next one.
            }

            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(Poll);
        }
    }
}
