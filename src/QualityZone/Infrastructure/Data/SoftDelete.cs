using System.Linq.Expressions;

namespace QualityZone.Infrastructure.Data;

/// <summary>A business record that is withdrawn instead of deleted; its history stays.</summary>
public interface ISoftDeletable
{
    bool IsDeleted { get; }
    DateTimeOffset? DeletedAt { get; }
    void MarkDeleted(DateTimeOffset at);
}

/// <summary>The usual implementation: a flag and the instant it was set.</summary>
public abstract class SoftDeletable : ISoftDeletable
{
    public bool IsDeleted { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }

    public void MarkDeleted(DateTimeOffset at)
    {
        IsDeleted = true;
        DeletedAt = at;
    }
}

internal static class SoftDeleteFilter
{
    public static LambdaExpression For(Type type)
    {
        var parameter = Expression.Parameter(type, "e");
        var isDeleted = Expression.Property(parameter, nameof(ISoftDeletable.IsDeleted));
        return Expression.Lambda(Expression.Not(isDeleted), parameter);
    }
}
