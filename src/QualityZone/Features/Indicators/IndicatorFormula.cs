using System.Globalization;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Indicators;

/// <summary>
/// An indicator's formula: arithmetic (+ − × ÷, parentheses, numbers) over the zone's yearly
/// metrics by name, e.g. <c>notifications / (export_value_usd / 100000000)</c>. Parsed when the
/// indicator is saved, so a formula that cannot compute is refused there with the reason; evaluated
/// for a year against <see cref="IndicatorMetrics"/>. A division by zero gives no value ("—"), not 0
/// and not an error: a year without exports has no notification rate.
/// </summary>
public sealed class IndicatorFormula
{
    private readonly Node root;

    private IndicatorFormula(Node root, IReadOnlyList<string> metrics)
    {
        this.root = root;
        Metrics = metrics;
    }

    /// <summary>The metric names the formula reads.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>The parsed formula, or the localized reason it cannot compute.</summary>
    public static (IndicatorFormula? Formula, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, Text.Get("公式不能为空"));
        if (text.Length > 500) return (null, Text.Get("公式不能超过 500 个字符"));
        var parser = new Parser(text);
        try
        {
            var node = parser.Expression();
            parser.SkipSpaces();
            if (!parser.AtEnd) throw new FormatException(Text.Format("第 {0} 个字符处无法识别：“{1}”", parser.Position + 1, text[parser.Position]));
            var unknown = parser.Names.FirstOrDefault(n => !IndicatorMetrics.Names.ContainsKey(n));
            if (unknown is not null) return (null, Text.Format("未知的指标数据项“{0}”。可用：{1}", unknown, string.Join(Text.ListSeparator, IndicatorMetrics.Names.Keys)));
            return (new IndicatorFormula(node, parser.Names.Distinct().ToList()), null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The value for a year's metrics; null when a division by zero (or a missing metric) leaves nothing to state.</summary>
    public decimal? Evaluate(IReadOnlyDictionary<string, decimal> metrics) => root.Evaluate(metrics) is { } value ? Math.Round(value, 4) : null;

    private abstract record Node
    {
        public abstract decimal? Evaluate(IReadOnlyDictionary<string, decimal> metrics);
    }

    private sealed record Number(decimal Value) : Node
    {
        public override decimal? Evaluate(IReadOnlyDictionary<string, decimal> metrics) => Value;
    }

    private sealed record Metric(string Name) : Node
    {
        public override decimal? Evaluate(IReadOnlyDictionary<string, decimal> metrics) => metrics.TryGetValue(Name, out var value) ? value : null;
    }

    private sealed record Negate(Node Operand) : Node
    {
        public override decimal? Evaluate(IReadOnlyDictionary<string, decimal> metrics) => -Operand.Evaluate(metrics);
    }

    private sealed record Binary(char Operator, Node Left, Node Right) : Node
    {
        public override decimal? Evaluate(IReadOnlyDictionary<string, decimal> metrics)
        {
            if (Left.Evaluate(metrics) is not { } left || Right.Evaluate(metrics) is not { } right) return null;
            return Operator switch
            {
                '+' => left + right,
                '-' => left - right,
                '*' => left * right,
                _ => right == 0 ? null : left / right,
            };
        }
    }

    /// <summary>Recursive descent: expression = term {(+|−) term}; term = factor {(×|÷) factor}; factor = number | name | (expression) | −factor.</summary>
    private sealed class Parser(string text)
    {
        public int Position { get; private set; }
        public List<string> Names { get; } = [];
        public bool AtEnd => Position >= text.Length;

        public Node Expression()
        {
            var node = Term();
            while (Next() is '+' or '-') node = new Binary(text[Position++], node, Term());
            return node;
        }

        private Node Term()
        {
            var node = Factor();
            while (Next() is '*' or '/' or '×' or '÷')
            {
                var op = text[Position++] switch { '×' => '*', '÷' => '/', var c => c };
                node = new Binary(op, node, Factor());
            }
            return node;
        }

        private Node Factor()
        {
            var c = Next();
            if (c is null) throw new FormatException(Text.Get("公式不完整"));
            if (c == '-') { Position++; return new Negate(Factor()); }
            if (c == '(' || c == '（')
            {
                Position++;
                var inner = Expression();
                if (Next() is not (')' or '）')) throw new FormatException(Text.Get("括号不配对"));
                Position++;
                return inner;
            }
            var start = Position;
            if (char.IsDigit(c.Value) || c == '.')
            {
                while (!AtEnd && (char.IsDigit(text[Position]) || text[Position] == '.')) Position++;
                if (!decimal.TryParse(text[start..Position], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                    throw new FormatException(Text.Format("无法识别的数字“{0}”", text[start..Position]));
                return new Number(number);
            }
            if (char.IsAsciiLetter(c.Value) || c == '_')
            {
                while (!AtEnd && (char.IsAsciiLetterOrDigit(text[Position]) || text[Position] == '_')) Position++;
                var name = text[start..Position];
                Names.Add(name);
                return new Metric(name);
            }
            throw new FormatException(Text.Format("第 {0} 个字符处无法识别：“{1}”", Position + 1, c));
        }

        private char? Next()
        {
            SkipSpaces();
            return AtEnd ? null : text[Position];
        }

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position])) Position++;
        }
    }
}
