// Small enhancements of the write forms; every form works without this file.
(function () {
  "use strict";

  // Focus the error summary, so keyboard and screen-reader users start at the list of problems.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // One submission per form: a double click must not send it twice (the server also refuses a repeat).
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "1") {
        event.preventDefault();
        return;
      }
      var submitter = event.submitter;
      // Moving or adding plan steps re-renders the page; only the real save locks the form.
      if (submitter && (submitter.name === "move" || submitter.name === "add")) {
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("[data-submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        button.classList.add("button-busy");
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });

  // Plan steps: keep the weight total beside the form current while weights are typed.
  var totalNode = document.querySelector("[data-weights-total] strong");
  if (totalNode) {
    var recount = function () {
      var total = 0;
      document.querySelectorAll(".step-row").forEach(function (row) {
        var weight = row.querySelector("input[name$='-weight']");
        var gone = row.querySelector("input[name$='-DELETE']");
        if (!weight || (gone && gone.checked)) { return; }
        var value = parseFloat(weight.value.replace(/[๐-๙]/g, function (d) {
          return String("๐๑๒๓๔๕๖๗๘๙".indexOf(d));
        }).replace(/[,%\s]/g, ""));
        if (!isNaN(value)) { total += value; }
      });
      totalNode.textContent = total.toFixed(2);
    };
    document.querySelectorAll(".step-row input").forEach(function (input) {
      input.addEventListener("input", recount);
      input.addEventListener("change", recount);
    });
  }

  // Plan status: follow the status the plan suggests for the typed date and %, until the person picks one.
  var curveNode = document.getElementById("planned-curve");
  var ruleNode = document.getElementById("plan-status-rule");
  var grammarNode = document.getElementById("be-date-grammar");
  var dateInput = document.querySelector("[data-planned-for]");
  var progressInput = document.querySelector("[data-progress]");
  if (!curveNode || !ruleNode || !grammarNode || !dateInput || !progressInput) {
    return;
  }
  var curve = JSON.parse(curveNode.textContent).map(function (p) {
    return [Date.parse(p[0] + "T00:00:00Z"), parseFloat(p[1])];
  });
  if (!curve.length) {
    return;
  }
  // The rule of `progress.suggest_plan_status`, as the server states it: the first status whose lowest gap
  // (actual − planned) the gap reaches, else the status below every bound.
  var rule = JSON.parse(ruleNode.textContent);
  // Compared in whole hundredths, as the server's Decimals are: in binary floating point 22.05 − 32.05 is
  // a hair below −10, which would flip the suggestion exactly at the bound.
  function hundredths(value) { return Math.round(value * 100); }
  var bounds = rule.bounds.map(function (b) { return [hundredths(parseFloat(b[0])), b[1]]; });
  function suggest(actual, plan) {
    var gap = hundredths(actual) - hundredths(plan);
    for (var i = 0; i < bounds.length; i++) {
      if (gap >= bounds[i][0]) { return bounds[i][1]; }
    }
    return rule.below;
  }
  var thaiDigits = "๐๑๒๓๔๕๖๗๘๙";
  function arabic(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(thaiDigits.indexOf(d)); });
  }
  // How the server reads a typed BE date (`thai.parse_be_date`), as it states it: day, month (a number,
  // or a Thai month name or its abbreviation) and year, in Arabic or Thai digits. A date it would refuse
  // gives no suggestion.
  var grammar = JSON.parse(grammarNode.textContent);
  var numericDate = new RegExp(grammar.numeric);
  var wordDate = new RegExp(grammar.word);
  function parseBE(text) {
    var cleaned = arabic(text).trim().split(/\s+/).join(" ");
    var m = cleaned.match(numericDate);
    var month;
    if (m) {
      month = parseInt(m[2], 10);
    } else {
      m = cleaned.match(wordDate);
      if (!m) { return null; }
      month = grammar.months[m[2].replace(/\./g, "")];
      if (!month) { return null; }
    }
    var year = m[3].length === 2 ? grammar.short_year_base + parseInt(m[3], 10) : parseInt(m[3], 10);
    if (year < grammar.earliest_year) { return null; }
    var day = parseInt(m[1], 10);
    var time = Date.UTC(year - grammar.offset, month - 1, day);
    var check = new Date(time);
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) { return null; } // 31/02: no such day
    return time;
  }
  function planned(day) {
    if (day <= curve[0][0]) { return curve[0][1]; }
    for (var i = 1; i < curve.length; i++) {
      if (day <= curve[i][0]) {
        var a = curve[i - 1], b = curve[i];
        return a[1] + (b[1] - a[1]) * (day - a[0]) / (b[0] - a[0]);
      }
    }
    return curve[curve.length - 1][1];
  }
  var radios = document.querySelectorAll("input[name='plan_status']");
  var note = document.querySelector("[data-planned-note]");
  // The words come from the page, in the language it was rendered in (the plan status field's
  // `data-note-format` and `data-suggested-label`, written with {% translate %}).
  var texts = document.querySelector("[data-note-format]");
  if (!texts) {
    return;
  }
  var noteFormat = texts.dataset.noteFormat;
  var suggestedLabel = texts.dataset.suggestedLabel;
  var touched = false;
  radios.forEach(function (r) { r.addEventListener("change", function () { touched = true; }); });
  function update() {
    var day = parseBE(dateInput.value);
    var actual = parseFloat(arabic(progressInput.value).replace(/[,%\s]/g, ""));
    if (day === null) { return; }
    var plan = Math.round(planned(day) * 100) / 100;
    if (note) {
      note.textContent = noteFormat.replace("{date}", dateInput.value.trim()).replace("{planned}", plan.toFixed(2));
    }
    if (isNaN(actual) || touched) { return; }
    var status = suggest(actual, plan);
    radios.forEach(function (r) {
      r.checked = r.value === status;
      var tag = r.parentNode.querySelector("[data-suggested-tag]");
      if (tag) { tag.remove(); }
      if (r.value === status) {
        var span = document.createElement("span");
        span.className = "tag";
        span.setAttribute("data-suggested-tag", "");
        span.textContent = suggestedLabel;
        r.parentNode.appendChild(span);
      }
    });
  }
  dateInput.addEventListener("input", update);
  progressInput.addEventListener("input", update);
})();
