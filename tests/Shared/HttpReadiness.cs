using System.Diagnostics;
using System.Net;

namespace VmCloud.Tests;

/// <summary>Waits for a server process a test started to answer 200 on a readiness URL.</summary>
internal static class HttpReadiness
{
    /// <summary>
    /// True once <paramref name="url"/> answers 200; false when <paramref name="running"/> exits first
    /// (the caller decides, e.g. to retry on another port); fails the test at <paramref name="deadline"/>.
    /// </summary>
    /// <param name="describe">What failed to get ready, with the server's output, for the failure message.</param>
    public static async Task<bool> WaitAsync(Process running, HttpClient http, Uri url, TimeSpan deadline, Func<string> describe)
    {
        var end = DateTime.UtcNow + deadline;
        while (!running.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK) return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > end) Assert.Fail($"{url} was not 200 within {deadline}: {describe()}");
            await Task.Delay(50);
        }
        await running.WaitForExitAsync();
        return false;
    }
}
