// Concord's forms, enhanced: while an organisation's name is typed in a form's Find box, a
// list of matching organisations (GET /api/v1/search, as the viewer may see them) is offered
// under it, as an ARIA 1.2 combobox. Arrow keys move through the list, Enter or a click
// picks, Escape closes; the organisation picked fills the first empty row. Without this
// script the Find button does the same on the server: nothing here is needed for any function.
(function () {
  "use strict";

  var DELAY = 200;

  function enhance(box) {
    var field = box.getAttribute("data-find");
    var input = box.querySelector("input[type=search]");
    var group = box.closest("fieldset");
    if (!input || !group) {
      return;
    }
    var listId = input.id + "-list";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "concord-find__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", box.getAttribute("data-list-label") || "");
    list.hidden = true;
    box.querySelector(".concord-find__search").after(list);
    var status = document.createElement("p");
    status.className = "concord-find__live";
    status.setAttribute("role", "status");
    box.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var asked = 0;
    var active = -1;
    var found = [];

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show(items) {
      found = items;
      list.textContent = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.className = "concord-find__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = item.name;
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
        });
        li.addEventListener("click", function () {
          pick(i);
        });
        list.appendChild(li);
      });
      active = -1;
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function move(to) {
      var all = options();
      if (!all.length) {
        return;
      }
      active = (to + all.length) % all.length;
      all.forEach(function (o, i) {
        o.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function emptyRow() {
      var rows = group.querySelectorAll(".concord-row");
      for (var i = 0; i < rows.length; i++) {
        var select = rows[i].querySelector("select[name$='-organisation']");
        if (select && !select.value) {
          return select;
        }
      }
      var last = rows[rows.length - 1];
      if (!last) {
        return null;
      }
      var copy = last.cloneNode(true);
      var n = rows.length;
      copy.querySelectorAll("[name]").forEach(function (el) {
        el.name = el.name.replace(/-\d+-/, "-" + n + "-");
        el.id = "field-" + el.name;
        el.value = "";
      });
      copy.querySelectorAll("label[for]").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/-\d+-/, "-" + n + "-");
      });
      var legend = copy.querySelector("legend");
      if (legend) {
        legend.textContent = legend.textContent.replace(/\d+/, String(n + 1));
      }
      last.after(copy);
      return copy.querySelector("select[name$='-organisation']");
    }

    function pick(i) {
      var item = found[i];
      if (!item) {
        return;
      }
      var select = emptyRow();
      close();
      if (!select) {
        return;
      }
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === item.id;
      });
      if (!option) {
        option = new Option(item.name, item.id);
        select.add(option);
      }
      select.value = item.id;
      input.value = "";
      status.textContent = item.name;
      var next = select.closest(".concord-row").querySelector("select[name$='-role'], input[name$='-role']");
      (next || select).focus();
    }

    function ask() {
      var q = input.value.trim();
      var mine = ++asked;
      if (q.length < 2) {
        show([]);
        return;
      }
      var url = "/api/v1/search?type=organisation&limit=10&q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.ok ? r.json() : { items: [] };
        })
        .then(function (page) {
          if (mine !== asked) {
            return;
          }
          show((page.items || []).filter(function (item) {
            return item.id && item.name;
          }).map(function (item) {
            return { id: item.id, name: item.name };
          }));
        })
        .catch(function () {
          show([]);
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden && found.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        move(active + 1);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        move(active - 1);
      } else if (e.key === "Escape") {
        if (!list.hidden) {
          e.preventDefault();
          close();
        }
      } else if (e.key === "Enter") {
        // Enter in the box picks the active suggestion, or finds on the server; never saves.
        e.preventDefault();
        if (active >= 0) {
          pick(active);
        } else {
          var button = box.querySelector("button[name=find]");
          if (button) {
            button.click();
          }
        }
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 150);
    });
  }

  document.querySelectorAll("[data-find]").forEach(enhance);
})();
