// Progressive enhancement for lesson and self-test pages. Without this file every form still works.
(function () {
  "use strict";

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    });
  }

  // Answers and reflections: send the form, swap in the block's new HTML, no reload.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var targetId = form.getAttribute("data-enhance");
    if (!targetId) return;
    event.preventDefault();
    post(form.action, new FormData(form)).then(function (response) {
      // 422: refused, the fragment says why; 409: already submitted, it shows the results.
      if ([200, 409, 422].indexOf(response.status) < 0) { form.submit(); return; }
      return response.text().then(function (html) {
        var old = document.getElementById(targetId);
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.firstElementChild;
        if (!old || !fresh) { form.submit(); return; }
        old.replaceWith(fresh);
        var focus = fresh.querySelector("[role=alert], .feedback, .saved") ||
          (fresh.hasAttribute("tabindex") ? fresh : null);
        if (focus) { focus.setAttribute("tabindex", "-1"); focus.focus(); }
      });
    }).catch(function () { form.submit(); });
  });

  // Final assessment: each answer is saved as soon as it is chosen (the form's own
  // "save" buttons, for pages without this script, are then not needed).
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute("data-autosave")) return;
    var question = event.target.closest(".quiz-question");
    if (!question) return;
    var body = new FormData();
    body.append("csrf_token", form.querySelector("[name=csrf_token]").value);
    question.querySelectorAll("input, select").forEach(function (input) {
      var choice = input.type === "radio" || input.type === "checkbox";
      if (input.name && (!choice || input.checked)) body.append(input.name, input.value);
    });
    var status = question.querySelector(".save-status");
    function failed() {
      status.textContent = form.getAttribute("data-save-failed");
      question.querySelector(".save-button").hidden = false;
    }
    post(form.getAttribute("data-autosave"), body).then(function (response) {
      if (response.status === 409) { window.location.reload(); return; }  // time is up
      if (!response.ok) { failed(); return; }
      return response.text().then(function (text) { status.textContent = text.trim(); });
    }).catch(failed);
  });
  document.querySelectorAll("form[data-autosave] .save-button").forEach(function (button) {
    button.hidden = true;
  });

  // Opening a lesson counts as progress: GET records nothing, so the page tells us.
  var lesson = document.querySelector("[data-viewed-url]");
  if (lesson) {
    var body = new FormData();
    body.append("csrf_token", lesson.getAttribute("data-csrf"));
    body.append("key", lesson.getAttribute("data-key"));
    post(lesson.getAttribute("data-viewed-url"), body).catch(function () {});
  }
})();
