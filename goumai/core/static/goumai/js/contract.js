// The contract form's milestone rows: add and remove rows, and the running sum of their
// amounts against the contract amount, said as the clerk types.
(function () {
  var box = document.querySelector("[data-milestones]");
  if (!box) { return; }
  var list = box.querySelector(".ms-rows");
  var sum = box.querySelector("[data-sum]");
  var contract = document.getElementById("id_amount");
  var serial = list.children.length;

  function yuan(text) {
    var value = parseFloat(String(text || "").replace(/[,，\s]/g, ""));
    return isNaN(value) ? null : Math.round(value * 100);
  }
  function show(cents) { return (cents / 100).toLocaleString("zh-CN", {minimumFractionDigits: 2}); }
  function update() {
    var total = 0, bad = false;
    list.querySelectorAll("input[name=milestone_amount]").forEach(function (input) {
      if (!input.value) { return; }
      var cents = yuan(input.value);
      input.setAttribute("aria-invalid", cents === null || cents < 0 ? "true" : "false");
      if (cents === null) { bad = true; } else { total += cents; }
    });
    var target = yuan(contract && contract.value);
    var text = "节点金额合计 " + show(total) + " 元";
    if (target !== null) {
      text += total === target ? "，等于合同金额。" : "，合同金额 " + show(target) + " 元，相差 " + show(Math.abs(target - total)) + " 元。";
    }
    if (bad) { text += " 有金额格式不正确（如 12000 或 12000.50）。"; }
    sum.textContent = text;
  }
  box.addEventListener("click", function (event) {
    if (event.target.closest("[data-add-row]")) {
      var row = list.lastElementChild.cloneNode(true);
      serial += 1;
      row.classList.remove("has-error");
      row.querySelectorAll(".error").forEach(function (e) { e.remove(); });
      row.querySelectorAll("input").forEach(function (input) {
        input.value = "";
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
        input.id = input.id.replace(/-\d+$/, "-" + serial);
      });
      row.querySelectorAll("label").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/-\d+$/, "-" + serial);
      });
      list.appendChild(row);
      row.querySelector("input").focus();
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove && list.children.length > 1) {
      remove.closest("li").remove();
      list.querySelector("input").focus();
      update();
    }
  });
  box.addEventListener("input", update);
  if (contract) { contract.addEventListener("input", update); }
  update();
}());
