/*
 * Form behaviour without inline scripts (portal_security).
 *
 * The portal's Content-Security-Policy forbids inline event handlers and
 * javascript: links, so the templates portal_security overrides declare what
 * a control does in data attributes and this script does it. Listeners are
 * delegated to the document: they also serve rows and fields added later
 * (a new API token, another value of a multi-value field).
 *
 *   data-ps-check="ID"     check the radio button or checkbox ID
 *   data-ps-clear="ID"     empty the field ID
 *   data-ps-click="ID"     click ID (opens the file chooser of a file field)
 *   data-ps-focus="ID"     move the focus to ID
 *   data-ps-enable-when-checked="NAME"
 *                          (on a button) enabled while a box NAME is checked
 *   data-ps-after-request-disable="ID"
 *                          (on an htmx form) disable ID after its request
 *   data-ps-scroll-to="ID" (on an htmx form) show ID after the swap
 *   data-ps-multiple       a list of text fields of one name, with
 *   data-ps-multiple-add / data-ps-multiple-remove buttons
 *
 * It is on every page (templates/base.html).
 */
(function () {
  "use strict";

  function byId(id) {
    return id ? document.getElementById(id) : null;
  }

  function runActions(control) {
    var target;
    if ((target = byId(control.getAttribute("data-ps-check")))) {
      target.checked = true;
    }
    if ((target = byId(control.getAttribute("data-ps-clear")))) {
      // no change event: CKAN would take the empty name as the file's
      target.value = "";
    }
    if ((target = byId(control.getAttribute("data-ps-click")))) {
      target.click();
    }
    if ((target = byId(control.getAttribute("data-ps-focus")))) {
      target.focus();
    }
  }

  function numberFields(list) {
    var label = list.getAttribute("data-ps-label") || "";
    var inputs = list.querySelectorAll("li input");
    inputs.forEach(function (input, index) {
      input.setAttribute("aria-label", label + " " + (index + 1));
    });
  }

  function addField(list) {
    var items = list.querySelectorAll("li");
    var copy = items[items.length - 1].cloneNode(true);
    var input = copy.querySelector("input");
    // the first field keeps the id its label points to
    input.removeAttribute("id");
    input.value = "";
    items[0].parentNode.appendChild(copy);
    numberFields(list);
    input.focus();
  }

  function removeField(list, item) {
    var items = list.querySelectorAll("li");
    if (items.length === 1) {
      item.querySelector("input").value = "";
      item.querySelector("input").focus();
      return;
    }
    var index = Array.prototype.indexOf.call(items, item);
    var id = items[0].querySelector("input").id;
    item.parentNode.removeChild(item);
    items = list.querySelectorAll("li");
    items[0].querySelector("input").id = id;
    numberFields(list);
    items[Math.max(0, index - 1)].querySelector("input").focus();
  }

  function updateEnabled() {
    document
      .querySelectorAll("[data-ps-enable-when-checked]")
      .forEach(function (button) {
        var name = button.getAttribute("data-ps-enable-when-checked");
        var checked = document.querySelectorAll(
          'input[name="' + name + '"]:checked'
        );
        button.disabled = checked.length === 0;
      });
  }

  // CKAN's and scheming's scripts make buttons of <a href="javascript:;">
  // and handle their clicks; following the link itself would run script
  // from a URL, which the policy blocks (and reports). Captured first, so
  // their own handlers still run.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest('a[href^="javascript:"]');
      if (link) {
        event.preventDefault();
      }
    },
    true
  );

  document.addEventListener("click", function (event) {
    var control = event.target.closest(
      "[data-ps-check], [data-ps-clear], [data-ps-click], [data-ps-focus]"
    );
    if (control) {
      runActions(control);
    }
    var list = event.target.closest("[data-ps-multiple]");
    if (!list) {
      return;
    }
    if (event.target.closest("[data-ps-multiple-add]")) {
      addField(list);
    } else if ((control = event.target.closest("[data-ps-multiple-remove]"))) {
      removeField(list, control.closest("li"));
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox], input[type=radio]")) {
      updateEnabled();
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest("[data-ps-after-request-disable]");
    if (form) {
      var button = byId(form.getAttribute("data-ps-after-request-disable"));
      if (button) {
        button.disabled = true;
      }
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-ps-scroll-to]").forEach(function (form) {
      var row = byId(form.getAttribute("data-ps-scroll-to"));
      if (row) {
        row.scrollIntoView(false);
        form.removeAttribute("data-ps-scroll-to");
      }
    });
  });
})();
