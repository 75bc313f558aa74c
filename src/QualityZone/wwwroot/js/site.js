// Charts: any element with data-chart holds its ECharts option as JSON (no inline script, CSP).
(function () {
    function renderCharts(root) {
        if (!window.echarts) return;
        root.querySelectorAll('[data-chart]').forEach(function (el) {
            if (el.dataset.rendered) return;
            el.dataset.rendered = '1';
            var chart = echarts.init(el, null, { renderer: 'svg' });
            chart.setOption(JSON.parse(el.dataset.chart));
            window.addEventListener('resize', function () { chart.resize(); });
        });
    }
    document.addEventListener('DOMContentLoaded', function () { renderCharts(document); });
    document.body.addEventListener('htmx:afterSwap', function (e) { renderCharts(e.target); });
    // Confirm before destructive buttons: <button data-confirm="...">
    document.addEventListener('submit', function (e) {
        var button = e.submitter;
        if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) e.preventDefault();
    });
})();
