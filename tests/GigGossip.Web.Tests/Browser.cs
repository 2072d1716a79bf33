using Microsoft.Playwright;

namespace GigGossip.Web.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser), phone-sized contexts, and screenshots into
/// docs/screenshots/. Tests call <see cref="SkipUnlessPresent"/> first: without /usr/bin/chromium they are skipped.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Chromium = browser;
    }

    public IBrowser Chromium { get; }

    /// <summary>Every URL any page asked for (to check that no token ever sits in one).</summary>
    public List<string> Requests { get; } = [];

    public static void SkipUnlessPresent() =>
        Assert.SkipUnless(File.Exists(ChromiumPath), $"no Chromium at {ChromiumPath}; .ci/setup.d/chromium.sh installs Debian's chromium package");

    public static async Task<Browser> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh phone-sized context (its own cookie jar) with one page.</summary>
    public async Task<IPage> PhoneAsync()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Phone, DeviceScaleFactor = 1, IsMobile = true, HasTouch = true });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Request += (_, request) => { lock (Requests) Requests.Add(request.Url); };
        return page;
    }

    /// <summary>Writes a phone-sized screenshot to docs/screenshots/NAME.png in the repository, scrolled to <paramref name="showing"/>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, ILocator? showing = null)
    {
        if (showing is not null) await showing.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }

    /// <summary>
    /// Every visible control (input, textarea, select, button, summary, role=button) has an accessible name, as a
    /// screen reader computes it (a label, aria-label or text); answers how many were checked.
    /// </summary>
    public static async Task<int> AssertEveryControlIsNamedAsync(IPage page)
    {
        var controls = await page.Locator("input:visible, textarea:visible, select:visible, button:visible, summary:visible, [role=button]:visible").AllAsync();
        Assert.NotEmpty(controls);
        foreach (var control in controls)
            await Assertions.Expect(control).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex(@"\S"), new() { Timeout = 5_000 });
        return controls.Count;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GigGossip.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("GigGossip.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
