// Results filters apply as soon as one is changed.
(function () {
  'use strict';
  var form = document.querySelector('form.filters');
  if (!form) return;
  form.querySelectorAll('select').forEach(function (s) { s.addEventListener('change', function () { form.submit(); }); });
})();
