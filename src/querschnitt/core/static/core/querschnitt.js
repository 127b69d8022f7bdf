// Small enhancements of server-rendered pages; every page works without them.
// - A failed form's error summary takes the focus; its links move the focus to their field.
// - After htmx replaced a region marked data-qs-focus-after-swap, the focus goes to the start
//   of that region (not to the end of the page where the link was).
// - A group of many checkboxes gets a filter box.
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-qs-error-summary]");
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  }

  function labelOf(field) {
    var fieldset = field.closest("fieldset");
    if (fieldset && field.type && (field.type === "checkbox" || field.type === "radio")) {
      return fieldset.querySelector("legend") || fieldset;
    }
    return document.querySelector('label[for="' + field.id + '"]');
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-qs-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = labelOf(field);
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  function setUpChoiceFilter(fieldset) {
    if (fieldset.querySelector(".qs-choices__filter")) {
      return;
    }
    var options = Array.prototype.slice.call(fieldset.querySelectorAll(".kern-form-check"));
    var body = fieldset.querySelector(".kern-fieldset__body");
    var wrapper = document.createElement("div");
    wrapper.className = "kern-form-input qs-choices__filter";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "kern-form-input__input";
    input.id = (fieldset.querySelector("input") || { id: "choices" }).id + "_filter";
    input.autocomplete = "off";
    var label = document.createElement("label");
    label.className = "kern-label";
    label.htmlFor = input.id;
    label.textContent = fieldset.getAttribute("data-qs-choice-filter");
    var status = document.createElement("p");
    status.className = "kern-body kern-body--small qs-choices__status";
    status.setAttribute("role", "status");
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    body.parentNode.insertBefore(wrapper, body);
    body.parentNode.insertBefore(status, body);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLocaleLowerCase();
      var shown = 0;
      options.forEach(function (option) {
        var box = option.querySelector("input");
        var text = option.textContent.trim().toLocaleLowerCase();
        var visible = !needle || text.indexOf(needle) !== -1 || (box && box.checked);
        option.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      status.textContent = needle
        ? fieldset.getAttribute("data-qs-choice-count")
            .replace("{shown}", String(shown)).replace("{total}", String(options.length))
        : "";
    });
    // Enter in the filter box would submit the form: it only filters.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-qs-choice-filter]"), setUpChoiceFilter);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusErrorSummary(document);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) {
      return;
    }
    enhance(target);
    focusErrorSummary(target);
    var region = target.closest("[data-qs-focus-after-swap]");
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    // Only when a link inside the region (a page link) replaced it, not while typing a search.
    if (region && trigger && trigger.closest && trigger.tagName === "A") {
      var start = region.querySelector("[data-qs-focus-start]") || region;
      start.focus();
    }
  });
})();
