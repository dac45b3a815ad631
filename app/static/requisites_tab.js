/* The requisites card tab: current requisites → registry search → candidates → side-by-side diff →
   «Заполнить пустые» / «Заменить всё» → what changed, «Отменить». Every call goes to our /api/ with the
   page's signed token (window.Poryadok.api); the server acts with the user's own portal token.
   CRM and registry data reach the DOM only through textContent. */
(function () {
  "use strict";

  var P = window.Poryadok;
  var root = document.querySelector("[data-rq-tab]");
  if (!root || !P) return;
  var K = window.PoryadokPage;
  var t = K.t, el = K.el, clear = K.clear, fitFrame = K.fitFrame;
  var showError = K.showError, hideError = K.hideError;
  var state = { card: null, picked: null, preview: null };

  function $(selector) { return root.querySelector(selector); }
  function $all(selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function reloadCardInPortal() {
    P.withBX24(function () { window.BX24.placement.call("reloadData", {}, function () {}); });
  }

  function busy(buttons, on) { buttons.forEach(function (b) { b.disabled = on; }); }

  function post(path, body) { return P.api(path, { method: "POST", json: body }); }

  // ---------------------------------------------------------------- the record's requisites

  function facts(rows) {
    var list = el("dl", { className: "p-facts" });
    rows.forEach(function (row) {
      list.appendChild(el("dt", {}, row.label));
      list.appendChild(el("dd", { "data-field": row.field }, row.value));
    });
    return list;
  }

  // «Заполнить пустые» (массовое заполнение): ПАО СБЕРБАНК (ИНН 7707083893) — worded here from the journal's data
  function lastChangeText(change) {
    var party = [change.title, change.inn ? "(" + t("rq_inn") + " " + change.inn + ")" : null]
      .filter(function (part) { return part; }).join(" ");
    return t("rq_last_change", {
      action: t(change.mode === "replace" ? "rq_replace" : "rq_fill_empty"),
      origin: change.bulk ? " (" + t("rq_change_bulk") + ")" : "",
      party: party || "—",
    });
  }

  // «Ромашка [Организация]»; a requisite named after its preset (the portal's default name) is named once
  function requisiteHeading(requisite) {
    var name = (requisite.name || "").trim(), preset = (requisite.preset || "").trim();
    if (!preset || name.toLowerCase() === preset.toLowerCase()) return [name || preset || "—"];
    return [name || "—", " ", el("span", { className: "rq-badge" }, preset)];
  }

  function renderCard(card) {
    state.card = card;
    var body = clear($("[data-rq-current-body]"));
    body.setAttribute("data-loaded", "");
    if (!card.requisites.length) body.appendChild(el("p", { className: "p-muted" }, t("rq_none")));
    card.requisites.forEach(function (requisite) {
      var rows = requisite.fields.slice();
      if (requisite.legal_address.length) {
        rows.push({ field: "legal_address", label: t("rq_legal_address"),
                    value: requisite.legal_address.map(function (r) { return r.value; }).join(", ") });
      }
      body.appendChild(el("div", { className: "rq-requisite", "data-requisite-id": requisite.id }, [
        el("h3", {}, requisiteHeading(requisite)),
        facts(rows),
      ]));
    });
    $("[data-rq-undo-box]").hidden = !card.can_undo;
    $("[data-rq-last-change]").textContent = card.last_change ? lastChangeText(card.last_change) : "";
    // the INN when one is known (a requisite, the configured company field), else the record's name to search by
    var query = $("[data-rq-query]");
    if (!query.value) query.value = card.inn_hint || card.name_hint || "";
    fitFrame();
  }

  function loadCard() {
    hideError($("[data-rq-current-alert]"));
    return P.api("/api/requisites/card").then(renderCard).catch(function (error) {
      clear($("[data-rq-current-body]"));
      showError($("[data-rq-current-alert]"), error);
    });
  }

  function requisiteIds() {
    return state.card ? state.card.requisites.map(function (r) { return r.id; }) : [];
  }

  // ---------------------------------------------------------------- search and candidates

  function candidateBadges(candidate) {
    var kind = candidate.kind === "INDIVIDUAL" ? "rq_individual"
      : candidate.branch_type === "BRANCH" ? "rq_branch" : "rq_main_office";
    var badges = [el("span", { className: "rq-badge" }, t(kind))];
    if (candidate.warning) badges.push(el("span", { className: "rq-badge rq-badge--warning" }, candidate.status));
    return badges;
  }

  function candidateItem(candidate) {
    var numbers = [t("rq_inn") + " " + candidate.inn];
    if (candidate.kpp) numbers.push(t("rq_kpp") + " " + candidate.kpp);
    if (candidate.ogrn) numbers.push(t("rq_ogrn") + " " + candidate.ogrn);
    var button = el("button", { className: "p-button p-button--secondary", type: "button", "data-rq-pick": candidate.key },
                    t("rq_pick"));
    var item = el("li", { className: "rq-candidate", "data-key": candidate.key }, [
      el("div", {}, [
        el("div", { className: "rq-candidate-title" }, candidate.title),
        el("div", { className: "rq-candidate-meta" }, candidateBadges(candidate).concat([numbers.join(" · ")])),
        candidate.address ? el("div", { className: "rq-candidate-meta" }, candidate.address) : null,
        candidate.warning ? el("div", { className: "rq-candidate-meta rq-badge--warning" }, candidate.warning) : null,
      ]),
      button,
    ]);
    button.addEventListener("click", function () { pick(candidate, item); });
    return item;
  }

  function renderCandidates(view) {
    var list = clear($("[data-rq-candidates]"));
    var notes = [];
    if (!view.candidates.length) notes.push(t("rq_no_candidates"));
    if (view.hidden_organisations) notes.push(t("rq_hidden_organisations", { n: view.hidden_organisations }));
    if (view.more_branches_hint) notes.push(view.more_branches_hint);
    var note = $("[data-rq-search-note]");
    note.textContent = notes.join(" ");
    note.hidden = !notes.length;
    view.candidates.forEach(function (candidate) { list.appendChild(candidateItem(candidate)); });
    fitFrame();
  }

  function search(event) {
    event.preventDefault();
    var input = $("[data-rq-query]");
    var query = input.value.trim();
    var alertBox = $("[data-rq-search-alert]");
    var button = $("[data-rq-search-form] button");
    hideError(alertBox);
    if (!query) {  // said here, in the user's language, rather than sent to be refused
      $("[data-rq-search-note]").hidden = true;
      showError(alertBox, { message: t(root.getAttribute("data-entity-type") === "contact"
        ? "rq_query_empty_contact" : "rq_query_empty") });
      input.focus();
      return;
    }
    var note = $("[data-rq-search-note]");
    note.textContent = t("rq_searching");
    note.hidden = false;
    clear($("[data-rq-candidates]"));
    $("[data-rq-preview]").hidden = true;
    busy([button], true);
    P.api("/api/requisites/search?q=" + encodeURIComponent(query)).then(renderCandidates).catch(function (error) {
      note.hidden = true;
      showError(alertBox, error);
    }).then(function () { busy([button], false); });
  }

  // ---------------------------------------------------------------- preview (the diff)

  function pick(candidate, item) {
    state.picked = candidate;
    state.preview = null;
    $all(".rq-candidate").forEach(function (node) {
      node.classList.toggle("rq-candidate--picked", node === item);
      node.querySelector("[data-rq-pick]").textContent = t(node === item ? "rq_picked" : "rq_pick");
    });
    $("[data-rq-picked]").textContent = candidate.title + " · " + t("rq_inn") + " " + candidate.inn
      + (candidate.kpp ? " · " + t("rq_kpp") + " " + candidate.kpp : "");
    var warning = $("[data-rq-status-warning]");
    warning.hidden = !candidate.requires_confirmation;
    $("[data-rq-status-text]").textContent = candidate.warning || "";
    $("[data-rq-confirm]").checked = false;
    $("[data-rq-result]").hidden = true;
    $("[data-rq-preview]").hidden = false;
    loadPreview();
  }

  function bankInputs() {
    return { bik: $("[data-rq-bik]").value.trim(), account: $("[data-rq-account]").value.trim() };
  }

  function loadPreview() {
    var alertBox = $("[data-rq-preview-alert]");
    hideError(alertBox);
    clear($("[data-rq-diff]"));
    $("[data-rq-target]").textContent = t("rq_preview_loading");
    updateButtons();
    var bank = bankInputs();
    return post("/api/requisites/preview", { key: state.picked.key, bik: bank.bik, account: bank.account,
                                             requisite_ids: requisiteIds() })
      .then(renderPreview).catch(function (error) {
        $("[data-rq-target]").textContent = "";
        showError(alertBox, error);
      });
  }

  function requisiteName(id) {
    var found = (state.card ? state.card.requisites : []).filter(function (r) { return r.id === id; })[0];
    return found ? (found.name || id) : id;
  }

  function mark(on) {
    return el("td", { className: "rq-mark " + (on ? "rq-mark--on" : "rq-mark--off") }, on ? "✓ " + t("rq_writes") : "—");
  }

  function diffTable(rows) {
    var table = clear($("[data-rq-diff]"));
    table.appendChild(el("thead", {}, el("tr", {}, [
      el("th", {}, t("rq_col_field")), el("th", {}, t("rq_col_portal")), el("th", {}, t("rq_col_registry")),
      el("th", {}, t("rq_col_fill_empty")), el("th", {}, t("rq_col_replace")),
    ])));
    var body = el("tbody");
    var section = null;
    rows.forEach(function (row) {
      if (row.section !== section) {
        section = row.section;
        body.appendChild(el("tr", {}, el("th", { className: "rq-section", colspan: "5" }, t("rq_section_" + section))));
      }
      body.appendChild(el("tr", { className: "rq-row--" + row.state, "data-field": row.section + "." + row.field }, [
        el("td", {}, row.label),
        el("td", {}, row.current === null || row.current === "" ? "—" : row.current),
        el("td", {}, [row.proposed, row.state === "empty" ? null  // the "—" beside it says so already
          : el("span", { className: "rq-state" }, t("rq_state_" + row.state))]),
        mark(row.fill_empty_writes), mark(row.replace_writes),
      ]));
    });
    table.appendChild(body);
  }

  function renderPreview(view) {
    state.preview = view;
    $("[data-rq-target]").textContent = view.target_requisite_id
      ? t("rq_update_requisite", { name: requisiteName(view.target_requisite_id) }) : t("rq_new_requisite");
    var bankName = view.rows.filter(function (r) { return r.section === "bank" && r.field === "RQ_BANK_NAME"; })[0];
    var warnings = clear($("[data-rq-warnings]"));
    if (view.address_text) {  // DaData's one-line address: the parts below are what the portal stores
      warnings.appendChild(el("li", { className: "p-muted", "data-rq-registry-address": "" },
                              t("rq_registry_address", { address: view.address_text })));
    }
    if (bankName) warnings.appendChild(el("li", { className: "p-muted" }, t("rq_bank_found", { name: bankName.proposed })));
    view.warnings.forEach(function (text) { warnings.appendChild(el("li", {}, text)); });
    diffTable(view.rows);
    $("[data-rq-nothing]").hidden = view.changes.fill_empty + view.changes.replace > 0;
    updateButtons();
    fitFrame();
  }

  function updateButtons() {
    var view = state.preview;
    var confirmed = !state.picked || !state.picked.requires_confirmation || $("[data-rq-confirm]").checked;
    $all("[data-rq-apply]").forEach(function (button) {
      var mode = button.getAttribute("data-rq-apply");
      var count = view ? view.changes[mode] : 0;
      button.textContent = t(mode === "replace" ? "rq_replace" : "rq_fill_empty") + (view ? " (" + count + ")" : "");
      button.disabled = !view || !count || !confirmed;
    });
  }

  // ---------------------------------------------------------------- writing and undo

  function renderResult(result) {
    var section = $("[data-rq-result]");
    $("[data-rq-result-title]").textContent = t("rq_result_title");
    $("[data-rq-result-text]").textContent = result.journal_id === null ? t("rq_result_nothing")
      : (result.created_requisite ? t("rq_result_created") : "");
    var table = clear($("[data-rq-changed]"));
    result.changed.forEach(function (row) {
      table.appendChild(el("tr", { "data-field": row.field }, [el("td", {}, row.label), el("td", {}, row.value)]));
    });
    section.querySelector("[data-rq-undo]").hidden = result.journal_id === null;
    hideError($("[data-rq-result-alert]"));
    section.hidden = false;
  }

  function apply(mode) {
    var buttons = $all("[data-rq-apply]");
    var alertBox = $("[data-rq-preview-alert]");
    hideError(alertBox);
    busy(buttons, true);
    $("[data-rq-target]").textContent = t("rq_applying");
    var bank = bankInputs();
    post("/api/requisites/apply", {
      key: state.picked.key, mode: mode, bik: bank.bik, account: bank.account,
      confirmed: $("[data-rq-confirm]").checked, requisite_ids: requisiteIds(),
      target_requisite_id: state.preview ? state.preview.target_requisite_id : null,
      fingerprint: state.preview ? state.preview.fingerprint : null,
    }).then(function (result) {
      $("[data-rq-preview]").hidden = true;
      renderResult(result);
      if (result.journal_id !== null) reloadCardInPortal();
      return loadCard();
    }).catch(function (error) {
      $("[data-rq-target]").textContent = "";
      if (error.data && error.data.error === "changed_since_preview") {
        // someone changed the record meanwhile: show the fresh comparison, and say why nothing was written
        loadCard().then(loadPreview).then(function () { showError(alertBox, error); });
        return;
      }
      showError(alertBox, error);
      updateButtons();
    });
  }

  function undo(force) {
    var section = $("[data-rq-result]");
    var alertBox = $("[data-rq-result-alert]");
    var buttons = $all("[data-rq-undo]");
    hideError(alertBox);
    busy(buttons, true);
    post("/api/requisites/undo", { force: force === true }).then(function () {
      $("[data-rq-result-title]").textContent = t("rq_undone");
      $("[data-rq-result-text]").textContent = "";
      clear($("[data-rq-changed]"));
      section.querySelector("[data-rq-undo]").hidden = true;
      section.hidden = false;
      reloadCardInPortal();
      return loadCard();
    }).catch(function (error) {
      section.hidden = false;
      showError(alertBox, error);
      if (error.data && error.data.error === "undo_conflict") {
        alertBox.appendChild(el("button", { className: "p-button p-button--secondary", type: "button",
                                            onclick: function () { undo(true); } }, t("rq_undo_force")));
      }
    }).then(function () { busy(buttons, false); fitFrame(); });
  }

  // ---------------------------------------------------------------- wiring

  $("[data-rq-search-form]").addEventListener("submit", search);
  $("[data-rq-bank-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    if (state.picked) loadPreview();
  });
  $("[data-rq-confirm]").addEventListener("change", updateButtons);
  $all("[data-rq-apply]").forEach(function (button) {
    button.addEventListener("click", function () { apply(button.getAttribute("data-rq-apply")); });
  });
  $all("[data-rq-undo]").forEach(function (button) { button.addEventListener("click", function () { undo(false); }); });
  loadCard();
})();
