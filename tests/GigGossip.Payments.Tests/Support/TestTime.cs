namespace GigGossip.Payments.Tests.Support;

/// <summary>The virtual start time of the payments tests: no test reads the real clock.</summary>
internal static class TestTime
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
}
