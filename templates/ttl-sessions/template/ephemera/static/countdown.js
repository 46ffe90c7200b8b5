// Counts each [data-ttl] element down from the TTL that Cassandra reported when the page (or
// the HTMX fragment) was rendered. Without JavaScript the page shows that value as it is.
(function () {
  "use strict";

  function tick() {
    var now = performance.now();
    document.querySelectorAll("[data-ttl]").forEach(function (el) {
      if (!el.dataset.t0) el.dataset.t0 = String(now); // new elements (HTMX swaps) start now
      var ttl = Number(el.dataset.ttl);
      var left = Math.max(0, Math.ceil(ttl - (now - Number(el.dataset.t0)) / 1000));
      var granted = Number(el.dataset.granted) || ttl || 1;
      var number = el.querySelector(".left");
      if (number && number.textContent !== String(left)) number.textContent = String(left);
      var bar = el.querySelector(".bar > i");
      if (bar) bar.style.width = Math.min(100, (100 * left) / granted).toFixed(1) + "%";
      el.classList.toggle("low", left > 0 && left <= 30);
      var host = el.closest("[data-expires]") || el;
      host.classList.toggle("expired", left === 0);
    });
  }

  tick();
  setInterval(tick, 250);
})();
