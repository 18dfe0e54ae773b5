// Draws the monitoring charts from the JSON the page embeds (no inline script).
(function () {
  var source = document.getElementById("monitoring-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var money = echarts.init(document.getElementById("chart-money"));
  money.setOption({
    tooltip: { trigger: "axis" }, legend: { data: ["合同金额（万元）", "项目数"] },
    grid: { containLabel: true, left: 10, right: 10 },
    xAxis: { type: "category", data: data.years },
    yAxis: [{ type: "value", name: "万元" }, { type: "value", name: "个", minInterval: 1 }],
    series: [
      { name: "合同金额（万元）", type: "bar", data: data.money.map(function (v) { return v === null ? null : Math.round(v / 100) / 100; }) },
      { name: "项目数", type: "line", yAxisIndex: 1, data: data.projects }
    ]
  });
  charts.push(money);
  var trend = echarts.init(document.getElementById("chart-trend"));
  trend.setOption({
    tooltip: { trigger: "axis" }, legend: { type: "scroll" },
    grid: { containLabel: true, left: 10, right: 10 },
    xAxis: { type: "category", data: data.years },
    yAxis: { type: "value", max: 100 },
    series: data.trend.map(function (s) { return { name: s.label, type: "line", showSymbol: true, symbolSize: 8, connectNulls: false, data: s.values }; })
  });
  charts.push(trend);
  var placesBox = document.getElementById("chart-places");
  if (placesBox) {
    var places = echarts.init(placesBox);
    places.setOption({
      tooltip: { trigger: "axis" }, legend: { data: ["本地承接占比（%）", "评价覆盖率（%）"] },
      grid: { containLabel: true, left: 10, right: 10, bottom: 10 },
      xAxis: { type: "category", data: data.places, axisLabel: { rotate: 45, interval: 0 } },
      yAxis: { type: "value", max: 100 },
      series: [
        { name: "本地承接占比（%）", type: "bar", data: data.place_local },
        { name: "评价覆盖率（%）", type: "bar", data: data.place_evaluated }
      ]
    });
    charts.push(places);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
