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
    // Confirm before destructive buttons: <button data-confirm="...">; forms marked data-busy show
    // that they are working (large uploads and imports) and cannot be sent twice.
    document.addEventListener('submit', function (e) {
        var button = e.submitter;
        if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) { e.preventDefault(); return; }
        var form = e.target;
        if (form.dataset.busy !== undefined) {
            form.querySelectorAll('button[type=submit]').forEach(function (b) {
                b.disabled = true;
                b.insertAdjacentHTML('afterbegin', '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>');
            });
            var note = form.querySelector('[data-busy-note]');
            if (note) note.classList.remove('d-none');
        }
    });
})();
