// Sargs pages work without this script; it only adds comfort where a browser runs it.
'use strict';
(function () {
  // Live counters (an incident's notified/pending/failed): re-read the API every few seconds.
  document.querySelectorAll('[data-live-url]').forEach(function (region) {
    var url = region.getAttribute('data-live-url');
    var refresh = function () {
      fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (data) {
          if (!data) return;
          region.querySelectorAll('[data-live-field]').forEach(function (cell) {
            var value = data[cell.getAttribute('data-live-field')];
            if (typeof value !== 'number') return;
            // Only a changed count is written, so a live region announces changes, not every poll.
            var text = value.toLocaleString(document.documentElement.lang);
            if (cell.textContent !== text) cell.textContent = text;
          });
        })
        .catch(function () {});
    };
    setInterval(refresh, 3000);
  });
})();
