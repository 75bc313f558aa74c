using Microsoft.EntityFrameworkCore;

namespace QualityZone.Infrastructure.Web;

/// <summary>One page of an API list: the items, the page number (from 1), the page size and the total count.</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>The API's paging rule: page from 1, page size 1 to <see cref="MaxPageSize"/> (100 when not given).</summary>
public static class ApiPaging
{
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 100;

    public static (int Page, int PageSize) Normalize(int? page, int? pageSize) =>
        (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));

    /// <summary>One page of an ordered query, with the total, mapped to what the API shows.</summary>
    public static async Task<ApiPage<TOut>> PageAsync<T, TOut>(IQueryable<T> ordered, int? page, int? pageSize, Func<T, TOut> map, CancellationToken ct)
    {
        var (number, size) = Normalize(page, pageSize);
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new ApiPage<TOut>(items.Select(map).ToList(), number, size, total);
    }

    public static Task<ApiPage<T>> PageAsync<T>(IQueryable<T> ordered, int? page, int? pageSize, CancellationToken ct) =>
        PageAsync(ordered, page, pageSize, x => x, ct);
}

/// <summary>The answer to a create: the new record's id (its address is in the Location header).</summary>
public sealed record CreatedId(Guid Id);
