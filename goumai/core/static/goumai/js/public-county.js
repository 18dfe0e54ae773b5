// Draws a county's public summary charts from the JSON the page embeds (no inline
// script); the same figures are in the tables under each chart.
(function () {
  var source = document.getElementById("county-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node);
    chart.setOption(option);
    charts.push(chart);
  }
  draw("chart-years", {
    tooltip: { trigger: "axis" }, legend: { data: ["项目数", "预算（万元）"] },
    grid: { left: 10, right: 10, top: 40, bottom: 20, containLabel: true },
    xAxis: { type: "category", data: data.years.labels },
    yAxis: [{ type: "value", minInterval: 1, name: "项目" }, { type: "value", name: "万元" }],
    series: [
      { type: "bar", name: "项目数", data: data.years.projects },
      { type: "line", name: "预算（万元）", yAxisIndex: 1, data: data.years.budget }
    ]
  });
  draw("chart-sectors", {
    tooltip: { trigger: "item" },
    series: [{ type: "pie", name: "项目数", radius: ["35%", "65%"], data: data.sectors }]
  });
  draw("chart-grades", {
    tooltip: {}, color: ["#2e7d32", "#1565c0", "#ef6c00", "#c62828"],
    xAxis: { type: "category", data: data.grades.labels },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name: "项目数", colorBy: "data", data: data.grades.projects }]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
