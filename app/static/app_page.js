/* The app page: «Заполнить реквизиты у всех компаний» with a live progress bar (polls /api/jobs/<id>),
   the report (filled / skipped with reason / failed), stop and resume; and the admin settings, where the
   DaData key is write-only. Data reaches the DOM only through textContent. */
(function () {
  "use strict";

  var P = window.Poryadok;
  var root = document.querySelector("[data-app-page]");
  if (!root || !P) return;
  var K = window.PoryadokPage;
  var t = K.t, el = K.el, clear = K.clear, fitFrame = K.fitFrame;
  var showError = K.showError;
  var LANG = document.documentElement.lang === "en" ? "en" : "ru";
  var REPORT_ROWS = 200;
  var poll = { timer: null, started: 0 };

  function $(selector) { return root.querySelector(selector); }
  function inLang(message) { return message && typeof message === "object" ? (message[LANG] || message.ru) : message; }

  // ---------------------------------------------------------------- bulk fill

  function openCompany(id) {
    P.withBX24(function () { window.BX24.openPath("/crm/company/details/" + encodeURIComponent(id) + "/"); });
  }

  // the company's title (a text node, as every CRM value) and its id; reports saved before titles were kept: the id
  function companyCell(row) {
    var id = row.company_id;
    var label = row.title ? t("bulk_company_titled", { title: row.title, id: id }) : t("bulk_company", { id: id });
    return el("td", {}, el("button", { className: "rq-link", type: "button", onclick: function () { openCompany(id); } },
                           label));
  }

  function reportTable(title, rows, lastColumn, lastValue) {
    if (!rows.length) return null;
    var body = el("tbody");
    rows.slice(0, REPORT_ROWS).forEach(function (row) {
      body.appendChild(el("tr", { "data-company-id": row.company_id }, [
        companyCell(row), el("td", {}, row.inn || "—"), el("td", {}, lastValue(row)),
      ]));
    });
    return el("div", { className: "rq-report" }, [
      el("h3", {}, title),
      el("div", { className: "p-table-wrap" }, el("table", { className: "p-table" }, [
        el("thead", {}, el("tr", {}, [el("th", {}, t("bulk_col_company")), el("th", {}, t("bulk_col_inn")),
                                       el("th", {}, t(lastColumn))])),
        body,
      ])),
      rows.length > REPORT_ROWS ? el("p", { className: "p-muted" }, t("bulk_more", { n: rows.length - REPORT_ROWS })) : null,
    ]);
  }

  function renderReport(result) {
    var box = $("[data-bulk-report]");
    if (!result || !result.counts) { box.hidden = true; return; }
    var counts = clear($("[data-bulk-counts]"));
    counts.appendChild(el("span", { className: "rq-count--filled" }, t("bulk_count_filled", { n: result.counts.filled })));
    counts.appendChild(el("span", {}, t("bulk_count_skipped", { n: result.counts.skipped })));
    counts.appendChild(el("span", { className: "rq-count--failed" }, t("bulk_count_failed", { n: result.counts.failed })));
    var tables = clear($("[data-bulk-tables]"));
    [
      reportTable(t("bulk_count_failed", { n: result.failed.length }), result.failed, "bulk_col_reason",
                  function (row) { return inLang(row.message); }),
      reportTable(t("bulk_count_skipped", { n: result.skipped.length }), result.skipped, "bulk_col_reason",
                  function (row) { return inLang(row.message); }),
      reportTable(t("bulk_count_filled", { n: result.filled.length }), result.filled, "bulk_col_fields",
                  function (row) { return (row.fields || []).length; }),
    ].forEach(function (table) { if (table) tables.appendChild(table); });
    box.hidden = false;
  }

  function setRunning(running) {
    $("[data-bulk-start]").hidden = running;
    $("[data-bulk-stop]").hidden = !running;
  }

  function renderJob(job) {
    var bar = $("[data-bulk-bar]");
    var status = $("[data-bulk-status]");
    var running = job.state === "queued" || job.state === "running";
    $("[data-bulk-progress]").hidden = false;
    setRunning(running);
    if (job.total > 0) { bar.max = job.total; bar.value = job.done; } else { bar.removeAttribute("value"); }
    if (job.state === "queued") status.textContent = t("bulk_queued");
    else if (running && job.cancel_requested) status.textContent = t("bulk_stopping");
    else if (running) status.textContent = job.total > 0 ? t("bulk_progress", { done: job.done, total: job.total })
      : t("bulk_collecting");
    else if (job.state === "done") status.textContent = t("bulk_done") + " " + t("bulk_progress", { done: job.done, total: job.total });
    else if (job.state === "cancelled") status.textContent = t("bulk_cancelled");
    else if (job.message === "worker_lost") status.textContent = t("bulk_worker_lost");
    else status.textContent = t("bulk_failed", { reason: inLang((job.result || {}).stopped_by) || job.message || "" });
    $("[data-bulk-progress]").setAttribute("data-state", job.state);
    renderReport(job.result);
    fitFrame();
    return running;
  }

  function pollJob(jobId) {
    window.clearTimeout(poll.timer);
    P.api("/api/jobs/" + encodeURIComponent(jobId)).then(function (job) {
      if (renderJob(job)) {
        var delay = Date.now() - poll.started > 60000 ? 5000 : 1500;  // slower after the first minute
        poll.timer = window.setTimeout(function () { pollJob(jobId); }, delay);
      } else {
        poll.timer = null;
        loadBulkState(false);
      }
    }).catch(function (error) { showError($("[data-bulk-alert]"), error); });
  }

  function follow(jobId) { poll.started = Date.now(); pollJob(jobId); }

  // The start button's label (resume after a stop); on opening the page also the latest job, followed live.
  function loadBulkState(showLatestJob) {
    return P.api("/api/requisites/bulk").then(function (bulk) {
      $("[data-bulk-start]").textContent = t(bulk.can_resume ? "bulk_resume" : "bulk_start");
      $("[data-bulk]").hidden = false;
      if (showLatestJob && bulk.job_id) follow(bulk.job_id);
      fitFrame();
    });
  }

  function startBulk() {
    var button = $("[data-bulk-start]");
    $("[data-bulk-alert]").hidden = true;
    button.disabled = true;
    P.api("/api/requisites/bulk", { method: "POST", json: {} }).then(function (answer) {
      follow(answer.job_id);
    }).catch(function (error) { showError($("[data-bulk-alert]"), error); })
      .then(function () { button.disabled = false; });
  }

  function stopBulk() {
    $("[data-bulk-stop]").disabled = true;
    $("[data-bulk-status]").textContent = t("bulk_stopping");
    P.api("/api/requisites/bulk/stop", { method: "POST", json: {} }).catch(function (error) {
      showError($("[data-bulk-alert]"), error);
    }).then(function () { $("[data-bulk-stop]").disabled = false; });
  }

  // ---------------------------------------------------------------- settings

  function renderSettings(view) {
    $("[data-key-state]").textContent = t(view.dadata_key_source === "portal" ? "settings_key_portal"
      : view.dadata_key_source === "server" ? "settings_key_server" : "settings_key_none");
    $("[data-key-input]").value = "";
    $("[data-key-clear]").checked = false;
    $("[data-key-clear-box]").hidden = view.dadata_key_source !== "portal";
    var select = $("[data-inn-field]");
    while (select.options.length > 1) select.remove(1);
    var choices = view.inn_field_choices.slice();
    if (view.inn_field && !choices.some(function (c) { return c.id === view.inn_field; })) {
      choices.push({ id: view.inn_field, title: view.inn_field });
    }
    choices.forEach(function (choice) {
      select.appendChild(el("option", { value: choice.id },
                            choice.title === choice.id ? choice.id : choice.title + " (" + choice.id + ")"));
    });
    select.value = view.inn_field || "";
    $("[data-autofill-leads]").checked = view.autofill_leads;
    $("[data-settings]").hidden = false;
    fitFrame();
  }

  function saveSettings(event) {
    event.preventDefault();
    var status = $("[data-settings-status]");
    var key = $("[data-key-input]").value.trim();
    var changes = { inn_field: $("[data-inn-field]").value, autofill_leads: $("[data-autofill-leads]").checked };
    if (key) changes.dadata_api_key = key;
    else if ($("[data-key-clear]").checked) changes.clear_dadata_api_key = true;
    status.textContent = t("settings_saving");
    status.className = "p-status";
    status.hidden = false;
    P.api("/api/settings", { method: "POST", json: changes }).then(function (view) {
      renderSettings(view);
      status.textContent = [t("settings_saved")].concat(view.warnings).join(" ");
      status.className = "p-status " + (view.warnings.length ? "p-message--warning" : "p-status--ok");
    }).catch(function (error) {
      status.textContent = error.message;
      status.className = "p-status p-status--error";
    }).then(fitFrame);
  }

  // ---------------------------------------------------------------- wiring

  $("[data-bulk-start]").addEventListener("click", startBulk);
  $("[data-bulk-stop]").addEventListener("click", stopBulk);
  $("[data-settings-form]").addEventListener("submit", saveSettings);

  P.api("/api/settings").then(function (view) {
    renderSettings(view);
    return loadBulkState(true);
  }).catch(function (error) {
    if (error.status === 403 && error.data && error.data.error === "admin_only") {
      $("[data-admin-only-note]").hidden = false;
      fitFrame();
    } else {
      showError($("[data-page-alert]"), error);
    }
  });
})();
