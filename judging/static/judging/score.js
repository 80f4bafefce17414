// Live weighted total on the scoring page: progressive enhancement only (the server computes the same total and
// shows it without JavaScript). Each score input carries data-weight, data-max and data-step (1, or 0.5 when the
// edition allows half points); a criterion contributes value / max × weight points. Like
// judging.scoring.weighted_total, the sum is exact (integer fractions over a common denominator, no float drift)
// and rounded once, half up, to two places. A value counts only when the server would accept it (judging.forms.
// ScoreField): digits with a decimal comma or point, within 0..max, a multiple of the step.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("score-form");
    var output = document.getElementById("live-total");
    if (!form || !output) {
      return;
    }
    var inputs = form.querySelectorAll("input.score-input");
    function gcd(a, b) {
      while (b) {
        var rest = a % b;
        a = b;
        b = rest;
      }
      return a;
    }
    function update() {
      // total = numerator / denominator, kept exact: each term value × weight / max is added as a fraction.
      var numerator = 0;
      var denominator = 1;
      inputs.forEach(function (input) {
        var match = /^(\d{1,4})(?:[.,](\d{1,2}))?$/.exec(input.value.trim());
        var max = parseInt(input.dataset.max, 10);
        var weight = parseInt(input.dataset.weight, 10);
        var halves = input.dataset.step === "0.5";
        if (!match || !(max > 0)) {
          return;
        }
        // The value in halves (88,5 → 177), exact; anything finer than the step does not count.
        var fraction = match[2] ? parseInt(match[2].padEnd(2, "0"), 10) : 0;
        if (fraction !== 0 && !(halves && fraction === 50)) {
          return;
        }
        var twice = 2 * parseInt(match[1], 10) + (fraction === 50 ? 1 : 0);
        if (twice > 2 * max) {
          return;
        }
        // The term value × weight / max is twice × weight / (2 × max).
        var scale = 2 * max;
        var common = (denominator / gcd(denominator, scale)) * scale;
        numerator = numerator * (common / denominator) + twice * weight * (common / scale);
        denominator = common;
      });
      // Hundredths, rounded half up: floor((200 × n + d) / 2d).
      var hundredths = Math.floor((200 * numerator + denominator) / (2 * denominator));
      var separator = output.dataset.decimalSeparator || ".";
      output.value = Math.floor(hundredths / 100) + separator + String(hundredths % 100).padStart(2, "0");
      output.textContent = output.value;
    }
    inputs.forEach(function (input) {
      input.addEventListener("input", update);
    });
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
