using Microsoft.EntityFrameworkCore;

namespace QualityZone.Infrastructure.Web;

/// <summary>One page of a list, with what the pager needs.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <param name="total">The count when the caller knows it already (it saves counting the query again).</param>
    public static async Task<Paged<T>> CreateAsync(IQueryable<T> query, int page, int pageSize, CancellationToken ct, int? total = null)
    {
        pageSize = Math.Clamp(pageSize, 1, ApiPaging.MaxPageSize);
        total ??= await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total.Value + pageSize - 1) / pageSize));
        var items = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<T>(items, page, pageSize, total.Value);
    }

    /// <summary>One page of a list already in memory (a ranked result computed as a whole), the page clamped to the list.</summary>
    public static Paged<T> Of(IReadOnlyList<T> rows, int page, int pageSize)
    {
        page = Math.Clamp(page, 1, Math.Max(1, (rows.Count + pageSize - 1) / pageSize));
        return new Paged<T>(rows.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, rows.Count);
    }
}

/// <summary>The model of the shared _Pager partial: where it is and how to link to another page.</summary>
public sealed record PagerModel(int Page, int Pages, int Total, Func<int, string> Link);
