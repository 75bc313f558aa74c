namespace QualityZone.Features.Enterprises;

/// <summary>统一社会信用代码: 18 characters, GB 32100-2015; the last is a check character mod 31.</summary>
public static class CreditCode
{
    // GB 32100-2015 code alphabet: digits and capitals without I, O, Z, S, V.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("17 characters expected", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0) throw new ArgumentException($"'{first17[i]}' is not a GB 32100 code character", nameof(first17));
            sum += value * Weights[i];
        }
        return Alphabet[(31 - sum % 31) % 31];
    }

    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != 18) return false;
        foreach (var c in code) if (Alphabet.IndexOf(c) < 0) return false;
        return CheckCharacter(code.AsSpan(0, 17)) == code[17];
    }
}
