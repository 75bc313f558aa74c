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
    // Entry tables: <button data-add-row="template-id" data-target="tbody-id"> appends a copy of the
    // template row with a fresh index (the server binds rows by their Index field); [data-remove-row]
    // removes its row.
    var nextIndex = 1000;
    document.addEventListener('click', function (e) {
        var add = e.target.closest('[data-add-row]');
        if (add) {
            var template = document.getElementById(add.dataset.addRow);
            var target = document.getElementById(add.dataset.target);
            var html = template.innerHTML.split('__i__').join(String(nextIndex++));
            target.insertAdjacentHTML('beforeend', html);
            var first = target.lastElementChild && target.lastElementChild.querySelector('input:not([type=hidden]), select');
            if (first) first.focus();
            return;
        }
        if (e.target.closest('[data-print]')) { window.print(); return; }
        var remove = e.target.closest('[data-remove-row]');
        if (remove) remove.closest('[data-row]').remove();
    });
})();
