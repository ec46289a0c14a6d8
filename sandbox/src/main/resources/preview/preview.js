// Draws every chart of the page's "preview-charts" JSON block with vega-embed. window.previewDone
// resolves to one result per chart ({name, ok, marks, error}) once all are drawn or have failed,
// so a browser check can wait for it instead of for a while. A chart that fails, or draws no mark
// at all, is reported with console.error.
window.previewDone = new Promise(function (resolve) {
  document.addEventListener('DOMContentLoaded', function () {
    var charts = JSON.parse(document.getElementById('preview-charts').textContent);
    Promise.all(charts.map(draw)).then(function (results) {
      document.body.setAttribute('data-preview', 'done');
      resolve(results);
    });
  });
});

function draw(chart) {
  var element = document.getElementById(chart.id);
  if (chart.error) {
    return Promise.resolve(failed(chart, element, 'cannot be drawn: ' + chart.error));
  }
  return vegaEmbed(element, chart.spec, { actions: false, logLevel: vega.Warn }).then(
    function (result) {
      var marks = countMarks(result.view.scenegraph().root);
      if (marks === 0) {
        return failed(chart, element, 'drew no marks (no rows reached the chart)');
      }
      element.setAttribute('data-preview', 'drawn');
      return { name: chart.name, ok: true, marks: marks };
    },
    function (error) {
      return failed(chart, element, String(error && error.message ? error.message : error));
    });
}

function failed(chart, element, message) {
  console.error('preview ' + chart.name + ': ' + message);
  element.setAttribute('data-preview', 'failed');
  var text = document.createElement('p');
  text.className = 'error';
  text.textContent = message;
  element.appendChild(text);
  return { name: chart.name, ok: false, marks: 0, error: message };
}

// Items of the chart's own marks (not axes, legends or titles) in the scenegraph.
function countMarks(node) {
  if (!node) {
    return 0;
  }
  var count = 0;
  var items = node.items || [];
  var own = node.marktype && node.role === 'mark';
  for (var i = 0; i < items.length; i++) {
    var item = items[i];
    if (own) {
      count++;
    }
    if (item.items) {
      count += countMarks(item);
    }
  }
  return count;
}
