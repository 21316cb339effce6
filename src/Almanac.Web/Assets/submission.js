// Autosave, show-if, messages beside the fields, progress and the submit confirmation of the questionnaire form. Every
// save names the version the page holds; the server refuses a stale one (another tab or person saved since) with a
// message, and autosaving stops until the page is reloaded. A count the browser already knows is not a whole number is
// shown as refused beside its field and left out of the save, so that the stored answer stays until it is corrected.
(function () {
  'use strict';
  var form = document.getElementById('answers');
  if (!form) return;
  var editable = form.dataset.editable === 'true';
  var id = form.dataset.submission;
  var versionInput = document.getElementById('version');
  var status = document.getElementById('autosave-status');
  var tokenInput = form.querySelector('input[name="__RequestVerificationToken"]');
  var timer = null, inflight = null, queued = null, stopped = false, lastSaveFailed = false;
  // Messages beside the fields: those the browser found (by answer key) and those the server sent (by question id).
  var clientErrors = {}, serverErrors = {};
  // The page's language's texts, from the form's data attributes ({0} and {1} stand for the values put in).
  function text(name, value, other) { return (form.dataset[name] || '').replace('{0}', value).replace('{1}', other); }

  function questionOf(key) {
    var slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  function questionText(question) {
    var text = document.getElementById('text-' + question);
    return text ? text.textContent.replace(/\s*\*$/, '').trim() : question;
  }

  // What the browser can tell of a count before saving: the same rules as the server's, in its words.
  function clientProblem(el) {
    if (el.dataset.count !== 'true' || !el.validity) return null;
    var key = el.name.substring(7);
    var parts = key.split('/');
    var where = '“' + questionText(questionOf(key)) + '”' + (parts.length === 3 ? ' — ' + parts[1] + ', ' + parts[2] : '');
    var typed = el.value.trim() === '' ? '' : " (you entered '" + el.value.trim() + "')";
    if (el.validity.badInput) return where + ': not a number';
    if (el.validity.rangeUnderflow) return where + ': must not be negative' + typed;
    if (el.validity.stepMismatch) return where + ': a count is a whole number' + typed;
    return null;
  }

  function answers() {
    var result = {};
    form.querySelectorAll('[name^="answer:"]').forEach(function (el) {
      var key = el.name.substring(7);
      if (clientErrors[key]) return;
      if (!(key in result)) result[key] = [];
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      if (el.value.trim() !== '') result[key].push(el.value);
    });
    var joined = {};
    Object.keys(result).forEach(function (k) { joined[k] = result[k].length ? result[k].join('; ') : null; });
    return joined;
  }

  function showErrors() {
    var byQuestion = {};
    Object.keys(serverErrors).forEach(function (q) { byQuestion[q] = (byQuestion[q] || []).concat(serverErrors[q]); });
    Object.keys(clientErrors).forEach(function (key) {
      var q = questionOf(key);
      byQuestion[q] = (byQuestion[q] || []).filter(function (m) { return m !== clientErrors[key]; }).concat([clientErrors[key]]);
    });
    form.querySelectorAll('.question').forEach(function (div) {
      var q = div.dataset.question;
      var box = document.getElementById('error-' + q);
      var messages = byQuestion[q] || [];
      if (box) {
        box.textContent = '';
        messages.forEach(function (m) { var p = document.createElement('p'); p.textContent = m; box.appendChild(p); });
        box.hidden = messages.length === 0;
      }
      div.classList.toggle('invalid', messages.length > 0);
      div.querySelectorAll('[name^="answer:"]').forEach(function (el) {
        if (messages.length > 0) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid');
      });
    });
  }

  function check(el) {
    if (!el || !el.name || el.name.indexOf('answer:') !== 0) return;
    var key = el.name.substring(7);
    var problem = clientProblem(el);
    if (problem) clientErrors[key] = problem; else delete clientErrors[key];
  }

  function applyShowIf() {
    // A read-only view has no fields to read answers from: the server has shown what the answers show.
    if (!editable) return;
    form.querySelectorAll('.question[data-show-if]').forEach(function (q) {
      var on = q.dataset.showIf;
      if (!on) return;
      var v = answers()[on];
      var target = document.getElementById('q-' + on);
      var holds = v !== null && v !== undefined && v.split(';').map(function (s) { return s.trim(); }).indexOf(q.dataset.showValue) >= 0
        && !(target && target.classList.contains('hidden'));
      q.classList.toggle('hidden', !holds);
    });
  }

  function showProgress(progress) {
    if (!progress) return;
    var answered = 0, required = 0;
    progress.forEach(function (p) {
      answered += p.answered; required += p.required;
      document.querySelectorAll('[data-section-progress]').forEach(function (el) {
        if (el.dataset.sectionProgress === p.section) el.textContent = p.required === 0 ? text('progressNone') : text('progressSection', p.answered, p.required);
      });
    });
    var overall = document.getElementById('progress-overall');
    if (overall) overall.textContent = text('progressOverall', answered, required);
    var bar = document.getElementById('progress-bar');
    if (bar) { bar.max = Math.max(required, 1); bar.value = required === 0 ? 1 : answered; }
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
        lastSaveFailed = false;
        serverErrors = {};
        versionInput.value = r.json.version;
        var shown = document.getElementById('version-shown');
        if (shown) shown.textContent = r.json.version;
        showProgress(r.json.progress);
        var left = Object.keys(clientErrors).length;
        say(left ? text('partlySaved', r.json.version, left) : text('saved', r.json.version), left > 0);
      } else {
        lastSaveFailed = true;
        if (r.status === 409) stopped = true;
        serverErrors = (r.json && r.json.errors) || {};
        say(r.status === 422 && r.json && r.json.errors ? text('refused')
          : (r.json && r.json.detail) || text('notSaved', r.status), true);
      }
      showErrors();
    }).catch(function () {
      lastSaveFailed = true;
      say(text('unreachable'), true);
    }).then(function () { inflight = null; });
    return inflight;
  }

  function schedule(event) {
    if (event && event.target && (!event.target.name || event.target.name.indexOf('answer:') !== 0)) return;
    check(event && event.target);
    showErrors();
    applyShowIf();
    if (!editable) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 600);
  }

  function pending() {
    return timer ? (clearTimeout(timer), save()) : (queued || inflight);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  // A form post (Save, Submit) waits for a pending autosave, so it carries the version that save produced.
  form.addEventListener('submit', function (event) {
    if (!timer && !inflight && !queued) return;
    event.preventDefault();
    var submitter = event.submitter;
    Promise.resolve(pending()).then(function () { form.requestSubmit(submitter); });
  });

  // Submitting asks first, saying what happens: the reviewer gets it, and it becomes read-only.
  var submit = document.getElementById('submit');
  var dialog = document.getElementById('submit-dialog');
  if (submit && dialog && dialog.showModal) {
    submit.addEventListener('click', function (event) {
      event.preventDefault();
      dialog.showModal();
    });
    document.getElementById('cancel-submit').addEventListener('click', function () { dialog.close(); });
  }

  // A comment or a thread's resolution loads the page again: the answers typed are saved first, and if they cannot
  // be (a conflict, an answer refused) the page stays, so that nothing typed is lost.
  var threads = document.getElementById('thread-form');
  if (threads && editable) {
    threads.addEventListener('submit', function (event) {
      var submitter = event.submitter;
      var box = submitter && submitter.closest ? submitter.closest('.thread') : null;
      function refuse() {
        event.preventDefault();
        if (!box) return;
        var refused = box.querySelector('.thread-error') || box.appendChild(document.createElement('p'));
        refused.className = 'field-error thread-error';
        refused.setAttribute('role', 'alert');
        refused.textContent = text('notPosted');
      }
      if (stopped || lastSaveFailed || Object.keys(clientErrors).length > 0) return refuse();
      if (!timer && !inflight && !queued) return;
      // A save is due or on its way: post once it is done, if it went through.
      event.preventDefault();
      Promise.resolve(pending()).then(function () {
        if (stopped || lastSaveFailed || Object.keys(clientErrors).length > 0) return refuse();
        if (submitter) submitter.click(); else threads.submit();
      });
    });
  }
  // The messages the server rendered beside the fields (a form post refused) stay until a save succeeds.
  form.querySelectorAll('.question').forEach(function (div) {
    var box = document.getElementById('error-' + div.dataset.question);
    if (box && !box.hidden) serverErrors[div.dataset.question] = Array.prototype.map.call(box.querySelectorAll('p'), function (p) { return p.textContent; });
  });
  form.querySelectorAll('[data-count="true"]').forEach(check);
  showErrors();
  applyShowIf();
})();
