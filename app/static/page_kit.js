/* What every feature page's script shares: its catalogue texts (JSON in #p-texts, `{name}` placeholders),
   a DOM builder that only ever creates text nodes for data, inline errors, and frame sizing. */
(function () {
  "use strict";

  var P = window.Poryadok;
  var node = document.getElementById("p-texts");
  var TEXTS = node ? JSON.parse(node.textContent) : {};

  function t(key, params) {
    return String(TEXTS[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  // el("td", {className: "x", onclick: fn, "data-id": id}, [child nodes or plain values shown as text])
  function el(tag, attrs, children) {
    var element = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") element.className = attrs[name];
      else if (name === "onclick") element.addEventListener("click", attrs[name]);
      else element.setAttribute(name, attrs[name]);
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === null || child === undefined) return;
      element.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return element;
  }

  function clear(element) { while (element.firstChild) element.removeChild(element.firstChild); return element; }

  function fitFrame() { P.withBX24(function () { window.BX24.fitWindow(); }); }

  // The API's message in an alert box; a stale tab (401) also gets a "reload the tab" button.
  function showError(box, error) {
    clear(box).appendChild(el("p", {}, error.message || String(error)));
    if (error.status === 401) {
      box.appendChild(el("button", { className: "p-button p-button--secondary", type: "button", onclick: P.reloadFrame },
                         t("rq_reload_tab")));
    }
    box.hidden = false;
    fitFrame();
  }

  function hideError(box) { box.hidden = true; clear(box); }

  window.PoryadokPage = { t: t, el: el, clear: clear, fitFrame: fitFrame, showError: showError, hideError: hideError };
})();
