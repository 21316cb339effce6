// Autosave and show-if for the questionnaire form. Every save names the version the page holds; the server refuses a
// stale one (another tab or person saved since) with a message, and autosaving stops until the page is reloaded.
(function () {
  'use strict';
  var form = document.getElementById('answers');
  if (!form) return;
  var editable = form.dataset.editable === 'true';
  var id = form.dataset.submission;
  var versionInput = document.getElementById('version');
  var status = document.getElementById('autosave-status');
  var tokenInput = form.querySelector('input[name="__RequestVerificationToken"]');
  var timer = null, inflight = null, queued = null, stopped = false;
  // The page's language's texts, from the form's data attributes ({0} stands for the value put in).
  function text(name, value) { return (form.dataset[name] || '').replace('{0}', value); }

  function answers() {
    var result = {};
    form.querySelectorAll('[name^="answer:"]').forEach(function (el) {
      var key = el.name.substring(7);
      if (!(key in result)) result[key] = [];
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      if (el.value.trim() !== '') result[key].push(el.value);
    });
    var joined = {};
    Object.keys(result).forEach(function (k) { joined[k] = result[k].length ? result[k].join('; ') : null; });
    return joined;
  }

  function value(question) {
    var a = answers();
    return a[question];
  }

  function applyShowIf() {
    form.querySelectorAll('.question[data-show-if]').forEach(function (q) {
      var on = q.dataset.showIf;
      if (!on) return;
      var v = value(on);
      var target = document.getElementById('q-' + on);
      var holds = v !== null && v !== undefined && v.split(';').map(function (s) { return s.trim(); }).indexOf(q.dataset.showValue) >= 0
        && !(target && target.classList.contains('hidden'));
      q.classList.toggle('hidden', !holds);
    });
  }

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function save() {
    timer = null;
    if (stopped || !editable) return Promise.resolve();
    // One save at a time: a change made while a save is on its way is saved after it, with the version that save
    // produced (two saves from one version would have the server refuse the second as stale, and stop autosaving).
    if (inflight) {
      if (!queued) queued = inflight.then(function () { queued = null; return save(); });
      return queued;
    }
    var body = JSON.stringify({ version: Number(versionInput.value), answers: answers() });
    say(text('saving'), false);
    inflight = fetch('/api/submissions/' + id + '/answers', {
      method: 'PUT', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': tokenInput ? tokenInput.value : '' },
      body: body
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, status: response.status, json: json }; });
    }).then(function (r) {
      if (r.ok) {
        versionInput.value = r.json.version;
        var shown = document.getElementById('version-shown');
        if (shown) shown.textContent = r.json.version;
        say(text('saved', r.json.version), false);
      } else {
        if (r.status === 409) stopped = true;
        say((r.json && r.json.detail) || text('notSaved', r.status), true);
      }
    }).catch(function () {
      say(text('unreachable'), true);
    }).then(function () { inflight = null; });
    return inflight;
  }

  function schedule() {
    applyShowIf();
    if (!editable) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 600);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  // A form post (Save, Submit) waits for a pending autosave, so it carries the version that save produced.
  form.addEventListener('submit', function (event) {
    if (!timer && !inflight && !queued) return;
    event.preventDefault();
    var submitter = event.submitter;
    var pending = timer ? (clearTimeout(timer), save()) : (queued || inflight);
    Promise.resolve(pending).then(function () { form.requestSubmit(submitter); });
  });
  applyShowIf();
})();
