// Portal filters: choosing a 市州 or a county shows its counties or townships at
// once (the form is sent again; without JavaScript the 搜索 button does the same).
(function () {
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    ["city", "county"].forEach(function (name) {
      var select = form.querySelector('select[name="' + name + '"]');
      if (!select) { return; }
      select.addEventListener("change", function () {
        // a lower level chosen under the old 市州 or county no longer applies
        var below = name === "city" ? ["county", "town"] : ["town"];
        below.forEach(function (lower) {
          var field = form.querySelector('select[name="' + lower + '"]');
          if (field) { field.value = ""; }
        });
        form.requestSubmit();
      });
    });
  });
}());
