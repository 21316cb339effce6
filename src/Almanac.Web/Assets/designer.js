// The questionnaire designer's live preview: as the editor's fields change, the server draws the draft's form with them
// (the page posts the form to its Preview handler; nothing is stored). Without the script, "Apply" and "Show" do the same.
(function () {
  const form = document.getElementById('designer-form');
  const preview = document.getElementById('preview');
  if (!form || !preview) return;
  let timer = null;
  let sent = 0;
  async function refresh() {
    const mine = ++sent;
    try {
      const response = await fetch(form.dataset.preview, { method: 'POST', body: new FormData(form), credentials: 'same-origin' });
      // An older request answering after a newer one is not shown over it.
      if (response.ok && mine === sent) preview.innerHTML = await response.text();
    } catch {
      // The preview stays as it was; the next change tries again.
    }
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }
  form.addEventListener('input', event => {
    if (event.target.closest('#editor')) later();
  });
  // Another kind has other fields (options, rows and columns, a unit): the page is drawn again with them.
  const kind = document.getElementById('field-kind');
  if (kind) kind.addEventListener('change', () => document.getElementById('apply').click());
  const language = document.getElementById('preview-language');
  if (language) language.addEventListener('change', refresh);
  const show = document.getElementById('show-preview');
  if (show) show.hidden = true;
})();
