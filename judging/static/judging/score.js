// Live weighted total on the scoring page: progressive enhancement only (the server computes the same total and
// shows it without JavaScript). Each score input carries data-weight and data-max; a criterion contributes
// value / max × weight points.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("score-form");
    var output = document.getElementById("live-total");
    if (!form || !output) {
      return;
    }
    var inputs = form.querySelectorAll("input.score-input");
    function update() {
      var total = 0;
      inputs.forEach(function (input) {
        var value = parseInt(input.value, 10);
        var max = parseInt(input.dataset.max, 10);
        var weight = parseInt(input.dataset.weight, 10);
        if (!isNaN(value) && max > 0 && value >= 0 && value <= max) {
          total += (value / max) * weight;
        }
      });
      output.value = (Math.round(total * 100) / 100).toFixed(2);
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
