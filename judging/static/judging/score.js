// Live weighted total on the scoring page: progressive enhancement only (the server computes the same total and
// shows it without JavaScript). Each score input carries data-weight and data-max; a criterion contributes
// value / max × weight points. Like judging.scoring.weighted_total, the sum is exact (integer fractions over a
// common denominator, no float drift) and rounded once, half up, to two places.
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
        var text = input.value.trim();
        var value = /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
        var max = parseInt(input.dataset.max, 10);
        var weight = parseInt(input.dataset.weight, 10);
        if (!isNaN(value) && max > 0 && value <= max) {
          var common = (denominator / gcd(denominator, max)) * max;
          numerator = numerator * (common / denominator) + value * weight * (common / max);
          denominator = common;
        }
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
