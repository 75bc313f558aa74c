// The API documentation (Swagger UI) is its own page: a bar at its top leads back to the platform (issue 21).
document.addEventListener("DOMContentLoaded", () => {
    const bar = document.createElement("div");
    bar.setAttribute("data-testid", "api-docs-back");
    bar.style.cssText = "background:#0b3d91;padding:8px 16px;font:14px system-ui,sans-serif";
    const link = document.createElement("a");
    link.href = "/";
    link.textContent = "← 返回示范区平台 · Back to the platform";
    link.style.cssText = "color:#fff;text-decoration:none";
    bar.appendChild(link);
    document.body.insertBefore(bar, document.body.firstChild);
});
