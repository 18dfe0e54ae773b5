// Draws the cultivation charts from the JSON the page embeds (no inline script).
(function () {
  var source = document.getElementById("cultivation-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var kinds = echarts.init(document.getElementById("chart-kinds"));
  kinds.setOption({
    tooltip: {}, grid: { left: 10, right: 20, top: 10, bottom: 20, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.kinds.map(function (k) { return k.label; }) },
    series: [{ type: "bar", name: "本地承接主体", data: data.kinds.map(function (k) { return k.count; }) }]
  });
  var years = echarts.init(document.getElementById("chart-years"));
  years.setOption({
    tooltip: { trigger: "axis" }, legend: { data: ["本地承接主体（万元）", "外地承接主体（万元）", "本地份额（%）"] },
    xAxis: { type: "category", data: data.years.map(function (y) { return String(y.year); }) },
    yAxis: [{ type: "value", name: "万元" }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "本地承接主体（万元）", type: "bar", stack: "money", data: data.years.map(function (y) { return y.local_wan; }) },
      { name: "外地承接主体（万元）", type: "bar", stack: "money", data: data.years.map(function (y) { return y.other_wan; }) },
      { name: "本地份额（%）", type: "line", yAxisIndex: 1, data: data.years.map(function (y) { return y.share; }) }
    ]
  });
  var byKind = echarts.init(document.getElementById("chart-by-kind"));
  byKind.setOption({
    tooltip: { trigger: "axis" }, legend: { type: "scroll" },
    xAxis: { type: "category", data: data.years.map(function (y) { return String(y.year); }) },
    yAxis: { type: "value", name: "万元" },
    series: data.kind_series.map(function (s) { return { name: s.label, type: "bar", stack: "k", data: s.values }; })
  });
  window.addEventListener("resize", function () { kinds.resize(); years.resize(); byKind.resize(); });
})();
