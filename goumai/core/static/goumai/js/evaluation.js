// Draws the evaluation summary charts from the JSON the page embeds (no inline script).
(function () {
  var source = document.getElementById("evaluation-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#2e7d32", "#1565c0", "#ef6c00", "#c62828"];
  var charts = [];
  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node);
    chart.setOption(option);
    charts.push(chart);
  }
  draw("chart-grades", {
    tooltip: {}, color: colours,
    xAxis: { type: "category", data: data.grades.map(function (g) { return g.label; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name: "项目数", colorBy: "data", data: data.grades.map(function (g) { return g.count; }) }]
  });
  draw("chart-years", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.years.map(function (y) { return String(y.year); }) },
    yAxis: { type: "value", min: 0, max: 100, name: "分" },
    series: [{ type: "line", name: "平均得分", data: data.years.map(function (y) { return Number(y.mean); }) }]
  });
  function stacked(id, groups) {
    draw(id, {
      tooltip: { trigger: "axis" }, legend: { data: data.grade_labels }, color: colours,
      grid: { left: 10, right: 20, top: 30, bottom: 20, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: groups.map(function (g) { return g.label; }) },
      series: data.grade_labels.map(function (label, i) {
        return { name: label, type: "bar", stack: "g", data: groups.map(function (g) { return g.counts[i]; }) };
      })
    });
  }
  stacked("chart-counties", data.by_county);
  stacked("chart-sectors", data.by_sector);
  stacked("chart-kinds", data.by_kind);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
