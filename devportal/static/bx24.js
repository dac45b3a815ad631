/* devportal's stand-in for Bitrix24's BX24.js (//api.bitrix24.tech/api/v1/), frame plumbing only.
 *
 * Same wire protocol as the real library: the portal names our frame "<domain>|<protocol>|<APP_SID>";
 * we post "<cmd>:<json>:<callback id>:<APP_SID>" to the portal's origin (top window) and it answers
 * "<callback id>:<json>". Messages from any other origin are ignored, as the real library does.
 * Not here: REST from the browser (callMethod/callBatch) — Poryadok calls REST from its server.
 */
(function () {
  'use strict';

  var parts = (window.name || '').split('|');
  var PARAMS = {
    DOMAIN: (parts[0] || '').replace(/:(80|443)$/, ''),
    PROTOCOL: parseInt(parts[1], 10) || 0,
    APP_SID: parts[2] || '',
    LANG: null, PLACEMENT: null, PLACEMENT_OPTIONS: {}, IS_ADMIN: false, MEMBER_ID: '',
    AUTH_ID: null, REFRESH_ID: null, AUTH_EXPIRES: 0
  };
  var isInit = false, initList = [], readyList = [], isReady = false, callbacks = {}, nextId = 1;
  var installing = false;

  function portalOrigin() {
    return 'http' + (PARAMS.PROTOCOL ? 's' : '') + '://' + PARAMS.DOMAIN;
  }

  function later(fn, arg) { setTimeout(function () { fn.call(document, arg); }, 0); }

  function sendMessage(cmd, params, cb) {
    if (typeof params === 'function') { cb = params; params = null; }
    var id = '';
    if (typeof cb === 'function') { id = 'cb' + (nextId++); callbacks[id] = cb; }
    var message = cmd + ':' + (params ? JSON.stringify(params) : '') + ':' + id + (PARAMS.APP_SID ? ':' + PARAMS.APP_SID : '');
    if (PARAMS.DOMAIN) { window.top.postMessage(message, portalOrigin()); }
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== portalOrigin() || typeof event.data !== 'string') { return; }
    var cut = event.data.indexOf(':');
    var id = cut < 0 ? event.data : event.data.slice(0, cut);
    var payload = cut < 0 ? '' : event.data.slice(cut + 1);
    var cb = callbacks[id];
    if (!cb) { return; }
    delete callbacks[id];
    cb.call(window, payload ? JSON.parse(payload) : undefined);
  });

  function onInitData(data) {
    data = data || {};
    PARAMS.LANG = data.LANG; PARAMS.PLACEMENT = data.PLACEMENT;
    PARAMS.PLACEMENT_OPTIONS = data.PLACEMENT_OPTIONS || {};
    PARAMS.IS_ADMIN = !!data.IS_ADMIN; PARAMS.MEMBER_ID = data.MEMBER_ID || '';
    PARAMS.AUTH_ID = data.AUTH_ID || null; PARAMS.REFRESH_ID = data.REFRESH_ID || null;
    PARAMS.AUTH_EXPIRES = Date.now() + (parseInt(data.AUTH_EXPIRES, 10) || 0) * 1000;
    installing = !!data.INSTALL;
    isInit = true;
    var list = initList; initList = null;
    list.forEach(function (fn) { later(fn); });
  }

  function onReady() {
    if (isReady) { return; }
    isReady = true;
    readyList.forEach(function (fn) { later(fn); });
    readyList = null;
  }

  var BX24 = window.BX24 = {
    init: function (cb) { if (typeof cb !== 'function') { return; } if (isInit) { later(cb); } else { initList.push(cb); } },
    ready: function (cb) { if (typeof cb !== 'function') { return; } if (isReady) { later(cb); } else { readyList.push(cb); } },
    isReady: function () { return isReady; },
    // Like the real library: a no-op unless the portal opened this frame as the install step.
    installFinish: function () { if (!isInit || installing) { sendMessage('setInstallFinish', {}); } },
    getScrollSize: function () {
      var root = document.documentElement;
      return { scrollWidth: Math.max(root.scrollWidth, root.offsetWidth),
               scrollHeight: Math.max(root.scrollHeight, root.offsetHeight) };
    },
    resizeWindow: function (width, height, cb) {
      // `width` may be '100%' (RU bx24-resize-window.md), pixels otherwise; `height` is pixels.
      var percent = typeof width === 'string' && /^\d+%$/.test(width.trim());
      width = percent ? width.trim() : parseInt(width, 10);
      height = parseInt(height, 10);
      if ((percent || width > 0) && height > 0) { sendMessage('resizeWindow', { width: width, height: height }, cb); }
    },
    fitWindow: function (cb) {
      sendMessage('resizeWindow', { width: '100%', height: BX24.getScrollSize().scrollHeight }, cb);
    },
    reloadWindow: function (cb) { sendMessage('reloadWindow', {}, cb); },
    setTitle: function (title, cb) { sendMessage('setTitle', { title: String(title) }, cb); },
    scrollParentWindow: function (scroll, cb) {
      scroll = parseInt(scroll, 10);
      if (!isNaN(scroll)) { sendMessage('setScroll', { scroll: scroll }, cb); }
    },
    openPath: function (path, cb) { sendMessage('openPath', { path: path }, cb); },
    openApplication: function (params, cb, settings) {
      if (typeof params === 'function') { settings = cb; cb = params; params = {}; }
      var merged = {};
      Object.keys(params || {}).forEach(function (k) { merged[k] = params[k]; });
      Object.keys(settings || {}).forEach(function (k) { merged['bx24_' + k] = settings[k]; });
      sendMessage('openApplication', merged, cb);
    },
    closeApplication: function (cb) { sendMessage('closeApplication', {}, cb); },
    getLang: function () { return PARAMS.LANG; },
    getDomain: function () { return PARAMS.DOMAIN; },
    isAdmin: function () { return PARAMS.IS_ADMIN; },
    getAuth: function () {
      return isInit && PARAMS.AUTH_ID && PARAMS.AUTH_EXPIRES > Date.now()
        ? { access_token: PARAMS.AUTH_ID, refresh_token: PARAMS.REFRESH_ID, expires_in: PARAMS.AUTH_EXPIRES,
            domain: PARAMS.DOMAIN, member_id: PARAMS.MEMBER_ID }
        : false;
    },
    placement: {
      info: function () { return { placement: PARAMS.PLACEMENT, options: PARAMS.PLACEMENT_OPTIONS }; },
      getInterface: function (cb) { sendMessage('getInterface', cb); },
      // The real library sends the placement command itself as the message name (e.g. "reloadData").
      call: function (cmd, params, cb) {
        if (typeof params === 'function') { cb = params; params = {}; }
        sendMessage(cmd, params || {}, cb);
      },
      bindEvent: function (eventName, cb) { sendMessage('placementBindEvent', { event: eventName }, cb); }
    }
  };

  if (document.readyState === 'complete' || document.readyState === 'interactive') { onReady(); }
  else { document.addEventListener('DOMContentLoaded', onReady); window.addEventListener('load', onReady); }
  sendMessage('getInitData', onInitData);
})();
