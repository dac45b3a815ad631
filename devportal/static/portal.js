/* The portal side of BX24.js: opens app frames the way Bitrix24 does and answers their messages.
 *
 * Each frame: <iframe name="<portal host>|<protocol>|<APP_SID>"> plus a hidden form whose target is
 * that NAME, POSTed once the page has loaded. Messages arrive as "<cmd>:<json>:<callback>:<APP_SID>";
 * a message counts only if it comes from the iframe registered under that APP_SID and from the app's
 * origin. Every accepted message is kept in window.devportalMessages (tests read it).
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('devportal-config').textContent);
  var frames = {};            // sid -> {descriptor, iframe, form}
  var sliderCallbacks = [];
  window.devportalMessages = [];

  function buildFrame(descriptor, slot) {
    var iframe = document.createElement('iframe');
    iframe.name = descriptor.windowName;
    iframe.className = 'app-frame';
    iframe.setAttribute('data-sid', descriptor.sid);
    iframe.title = descriptor.title || 'app';
    var form = document.createElement('form');
    form.method = 'post';
    form.action = descriptor.action;
    form.target = descriptor.windowName;      // the NAME, never the id (else a new window opens)
    form.hidden = true;
    Object.keys(descriptor.fields).forEach(function (key) {
      var input = document.createElement('input');
      input.type = 'hidden'; input.name = key; input.value = descriptor.fields[key];
      form.appendChild(input);
    });
    slot.textContent = '';
    slot.appendChild(iframe);
    slot.appendChild(form);
    frames[descriptor.sid] = { descriptor: descriptor, iframe: iframe, form: form };
    form.submit();
    return iframe;
  }

  function openSlot(slot) {
    if (slot.getAttribute('data-opened')) { return; }
    slot.setAttribute('data-opened', '1');
    var sid = slot.getAttribute('data-sid');
    var descriptor = config.frames.filter(function (f) { return f.sid === sid; })[0];
    if (descriptor) { buildFrame(descriptor, slot); }
  }

  function parse(data) {
    // "<cmd>:<json>:<callback>:<sid>" — the JSON may contain colons, the other parts cannot.
    var first = data.indexOf(':');
    var last = data.lastIndexOf(':');
    if (first < 0 || last <= first) { return null; }
    var beforeLast = data.lastIndexOf(':', last - 1);
    if (beforeLast < first) { return null; }
    var json = data.slice(first + 1, beforeLast);
    var params = {};
    if (json) { try { params = JSON.parse(json); } catch (e) { return null; } }
    return { cmd: data.slice(0, first), params: params, callback: data.slice(beforeLast + 1, last),
             sid: data.slice(last + 1) };
  }

  function reply(frame, message, result) {
    if (!message.callback) { return; }
    frame.iframe.contentWindow.postMessage(message.callback + ':' + JSON.stringify(result === undefined ? {} : result),
      frame.descriptor.origin);
  }

  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                        body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ' answered ' + response.status); }
        return response.json();
      });
  }

  function showNotice(text, kind) {
    var box = document.getElementById('portal-notice');
    if (!box) { return; }
    box.textContent = text;
    box.className = 'notice ' + (kind || '');
    box.hidden = false;
  }

  var handlers = {
    getInitData: function (frame, message) { reply(frame, message, frame.descriptor.init); },
    resizeWindow: function (frame, message) {
      var height = parseInt(message.params.height, 10);
      if (height > 0) { frame.iframe.style.height = height + 'px'; }
      var width = message.params.width;
      frame.iframe.style.width = (typeof width === 'string' && /%$/.test(width)) ? width
        : (parseInt(width, 10) > 0 ? parseInt(width, 10) + 'px' : '100%');
      reply(frame, message, {});
    },
    setInstallFinish: function (frame, message) {
      if (frame.descriptor.kind !== 'install') { return; }      // the real portal ignores it elsewhere
      post(config.urls.installFinish, { sid: frame.descriptor.sid }).then(function (answer) {
        showNotice(answer.message, 'success');
        window.location.assign(answer.next);
      }).catch(function (error) { showNotice(String(error), 'alert'); });
    },
    reloadData: function (frame, message) {
      var target = document.getElementById('card-data');
      if (!target || !config.urls.cardData) { reply(frame, message, {}); return; }
      fetch(config.urls.cardData, { credentials: 'same-origin' })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          target.innerHTML = html;                               // server-rendered, escaped HTML
          target.setAttribute('data-reloaded', String(Number(target.getAttribute('data-reloaded') || 0) + 1));
          reply(frame, message, {});
        });
    },
    getInterface: function (frame, message) {
      reply(frame, message, { command: frame.descriptor.kind === 'tab' ? ['reloadData'] : [], event: [] });
    },
    placementBindEvent: function (frame, message) { reply(frame, message, {}); },
    refreshAuth: function (frame, message) {
      post(config.urls.refreshAuth, { sid: frame.descriptor.sid }).then(function (auth) { reply(frame, message, auth); });
    },
    reloadWindow: function (frame) { frame.form.submit(); },
    setTitle: function (frame, message) {
      var title = document.getElementById('slider-title');
      if (title && frame.iframe.closest('.slider')) { title.textContent = String(message.params.title || ''); }
      reply(frame, message, {});
    },
    setScroll: function (frame, message) { window.scrollTo(0, parseInt(message.params.scroll, 10) || 0); },
    openPath: function (frame, message) {
      var path = String(message.params.path || '');
      if (path.charAt(0) !== '/' || path.charAt(1) === '/') { reply(frame, message, { result: 'error', errorCode: 'PATH_NOT_AVAILABLE' }); return; }
      openSlider(function (body) {
        var view = document.createElement('iframe');
        view.className = 'app-frame'; view.style.height = '80vh'; view.src = path;
        body.appendChild(view);
      }, function () { reply(frame, message, { result: 'close' }); });
    },
    openApplication: function (frame, message) {
      post(config.urls.openApplication, { sid: frame.descriptor.sid, options: message.params }).then(function (descriptor) {
        openSlider(function (body) { buildFrame(descriptor, body); }, function () { reply(frame, message, {}); });
      });
    },
    closeApplication: function (frame, message) { closeSlider(); reply(frame, message, {}); }
  };

  function openSlider(fill, onClose) {
    closeSlider();
    var slider = document.createElement('div');
    slider.className = 'slider';
    slider.innerHTML = '<button type="button" class="btn slider-close">Закрыть</button><h2 id="slider-title"></h2><div class="slider-body"></div>';
    document.body.appendChild(slider);
    sliderCallbacks.push(onClose);
    slider.querySelector('.slider-close').addEventListener('click', closeSlider);
    fill(slider.querySelector('.slider-body'));
  }

  function closeSlider() {
    var slider = document.querySelector('.slider');
    if (!slider) { return; }
    slider.remove();
    var cb = sliderCallbacks.pop();
    if (cb) { cb(); }
  }

  window.addEventListener('message', function (event) {
    if (typeof event.data !== 'string') { return; }
    var message = parse(event.data);
    if (!message) { return; }
    var frame = frames[message.sid];
    if (!frame || event.source !== frame.iframe.contentWindow || event.origin !== frame.descriptor.origin) { return; }
    window.devportalMessages.push({ origin: event.origin, data: event.data, cmd: message.cmd });
    var handler = handlers[message.cmd];
    if (handler) { handler(frame, message); }
  });

  // Card tabs: a tab's frame is opened the first time the tab is shown, as the portal does.
  function selectTab(button) {
    document.querySelectorAll('.tabs button').forEach(function (b) {
      var selected = b === button;
      b.setAttribute('aria-selected', selected ? 'true' : 'false');
      document.getElementById(b.getAttribute('aria-controls')).hidden = !selected;
    });
    var slot = document.querySelector('#' + button.getAttribute('aria-controls') + ' .frame-slot');
    if (slot) { openSlot(slot); }
  }

  window.addEventListener('load', function () {
    document.querySelectorAll('.tabs button').forEach(function (button) {
      button.addEventListener('click', function () { selectTab(button); });
    });
    var wanted = config.openTab && document.querySelector('.tabs button[data-tab="' + config.openTab + '"]');
    if (wanted) { selectTab(wanted); }
    document.querySelectorAll('.frame-slot[data-autoload]').forEach(openSlot);
  });
})();
