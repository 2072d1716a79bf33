using System.Globalization;

namespace GigGossip.Htlc.Contract;

/// <summary>A fee rate in satoshis per virtual byte.</summary>
public readonly record struct FeeRate
{
    /// <summary>Rates above this are taken for a typo rather than a wish to pay.</summary>
    public const decimal MaxSatsPerVByte = 10_000m;

    public FeeRate(decimal satsPerVByte)
    {
        if (satsPerVByte <= 0) throw new HtlcException($"fee rate must be positive, got {satsPerVByte} sat/vB");
        if (satsPerVByte > MaxSatsPerVByte) throw new HtlcException($"fee rate {satsPerVByte} sat/vB is above {MaxSatsPerVByte} sat/vB");
        SatsPerVByte = satsPerVByte;
    }

    public decimal SatsPerVByte { get; }

    public static FeeRate Parse(string text)
    {
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate))
            throw new HtlcException($"fee rate '{text}' is not a number of sat/vB");
        return new FeeRate(rate);
    }

    /// <summary>The fee for <paramref name="virtualSize"/> vbytes, rounded up to a whole satoshi.</summary>
    public long FeeFor(int virtualSize) => (long)Math.Ceiling(SatsPerVByte * virtualSize);

    public override string ToString() => $"{SatsPerVByte.ToString(CultureInfo.InvariantCulture)} sat/vB";
}
