/* Frame plumbing for every Poryadok page: the signed-token XHR helper and BX24 sizing.
   REST calls never happen here; the browser only talks to our /api/ with the page's token header. */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="poryadok-token"]');
  var token = meta ? meta.content : null;

  function api(path, options) {
    options = options || {};
    var headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
    if (token) headers["X-Poryadok-Token"] = token;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(options.json);
    }
    return fetch(path, {
      method: options.method || "GET",
      headers: headers,
      body: options.body,
      credentials: "omit",
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || response.statusText);
          error.status = response.status;
          error.data = data;
          throw error;
        }
        return data;
      });
    });
  }

  function withBX24(callback) {
    if (window.BX24 && typeof window.BX24.init === "function") window.BX24.init(callback);
  }

  function fitFrame() {
    withBX24(function () {
      var pending = false;
      var fit = function () {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(function () { pending = false; window.BX24.fitWindow(); });
      };
      fit();
      if (window.ResizeObserver) new ResizeObserver(fit).observe(document.body);
    });
  }

  function reloadFrame() {
    if (window.BX24 && typeof window.BX24.reloadWindow === "function") window.BX24.reloadWindow();
  }

  function bindConnectionCheck() {
    var button = document.querySelector("[data-poryadok-check]");
    var status = document.querySelector("[data-poryadok-status]");
    if (!button || !status) return;
    button.addEventListener("click", function () {
      api("/api/context").then(function () {
        status.textContent = status.getAttribute("data-ok-text");
        status.className = "p-status p-status--ok";
      }).catch(function (error) {
        status.textContent = error.message;
        status.className = "p-status p-status--error";
      }).then(function () { status.hidden = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poryadok-reload]").forEach(function (button) {
      button.addEventListener("click", reloadFrame);
    });
    bindConnectionCheck();
    fitFrame();
  });

  window.Poryadok = { api: api, reloadFrame: reloadFrame, withBX24: withBX24 };
})();
