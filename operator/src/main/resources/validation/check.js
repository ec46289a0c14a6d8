// Runs a chart as Kibana's Vega visualization does, without drawing it: a Vega-Lite chart is
// compiled to Vega, the Vega spec is parsed, and a headless View (renderer "none") runs its
// dataflow on the chart's data. Data that Kibana fetches from Elasticsearch (a "url" object) is
// replaced by a sample search response, as Kibana puts the response into the data entry's
// "values" (es_query_parser.ts, populateData) and lets "format.property" pick the rows.
globalThis.__kibanaObjectsCheck = function (specText, isVegaLite, hitsText, withData) {
  var result = { done: false, ok: false, stage: '', message: '', path: '', data: '' };
  var errors = [];
  var logger = quietLogger(errors);
  var spec = JSON.parse(specText);
  var hits = JSON.parse(hitsText);

  function fail(stage, error, path) {
    result.done = true;
    result.stage = stage;
    result.message = messageOf(error);
    result.path = path || '';
    return result;
  }

  var vegaSpec = spec;
  if (isVegaLite) {
    try {
      vegaSpec = vegaLite.compile(spec, { logger: logger }).spec;
    } catch (e) {
      return fail('vega-lite compile', e, locate(spec));
    }
    if (errors.length) {
      return fail('vega-lite compile', errors[0], '');
    }
  }
  var dataErrors = [];
  bindData(vegaSpec, hits, '', dataErrors);
  var runtime;
  try {
    runtime = vega.parse(vegaSpec, null);
  } catch (e) {
    return fail('vega parse', e, '');
  }
  var view;
  try {
    view = new vega.View(runtime, { renderer: 'none', logger: logger, logLevel: vega.Error });
  } catch (e) {
    return fail('vega view', e, '');
  }
  view.runAsync().then(
    function () {
      if (errors.length) {
        fail('vega run', errors[0], '');
      } else {
        result.done = true;
        result.ok = true;
        if (withData) {
          // The rows each data set ended with, for tests that look at what the chart draws.
          var rows = {};
          try {
            Object.keys(view._runtime.data || {}).forEach(function (name) {
              rows[name] = plain(view.data(name), 0);
            });
          } catch (e) {
            rows.error = messageOf(e);
          }
          result.data = JSON.stringify(rows);
        }
      }
      view.finalize();
    },
    function (e) {
      fail('vega run', e, '');
      view.finalize();
    });
  return result;
};

// A copy of rows without cycles (facets link rows to their groups), a few levels deep.
function plain(value, depth) {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (depth > 4) {
    return null;
  }
  if (Array.isArray(value)) {
    return value.map(function (item) { return plain(item, depth + 1); });
  }
  var copy = {};
  Object.keys(value).forEach(function (key) {
    copy[key] = plain(value[key], depth + 1);
  });
  return copy;
}

function messageOf(error) {
  if (error && typeof error === 'object' && error.message) {
    return String(error.message);
  }
  return String(error);
}

function quietLogger(errors) {
  var level = 0;
  return {
    level: function (value) {
      if (arguments.length) {
        level = value;
        return this;
      }
      return level;
    },
    error: function () {
      errors.push(Array.prototype.map.call(arguments, messageOf).join(' '));
      return this;
    },
    warn: function () { return this; },
    info: function () { return this; },
    debug: function () { return this; }
  };
}

// Every data entry of the Vega spec (top level and inside group marks) that Kibana would fetch.
function bindData(node, hits, path, problems) {
  if (!node || typeof node !== 'object') {
    return;
  }
  if (Array.isArray(node.data)) {
    node.data.forEach(function (entry) {
      if (!entry || typeof entry !== 'object' || entry.url === undefined) {
        return;
      }
      var url = entry.url;
      var format = entry.format || {};
      if (url && typeof url === 'object' && !url.signal) {
        delete entry.url;
        if (format.property === 'hits.hits' || format.property === undefined) {
          entry.values = {
            took: 1,
            timed_out: false,
            hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits: hits }
          };
          if (format.property === undefined) {
            entry.format = Object.assign({}, format, { property: 'hits.hits' });
          }
        } else {
          // An aggregation or another source the operator cannot imitate: run on no rows.
          entry.values = [];
          entry.format = formatWithoutProperty(format);
        }
      } else if (typeof url === 'string') {
        // Remote files are not fetched here (Kibana fetches them only when external URLs are
        // enabled): the chart runs without those rows.
        delete entry.url;
        entry.values = [];
        entry.format = formatWithoutProperty(format);
      }
    });
  }
  if (Array.isArray(node.marks)) {
    node.marks.forEach(function (mark) {
      bindData(mark, hits, path, problems);
    });
  }
}

function formatWithoutProperty(format) {
  var copy = Object.assign({}, format);
  delete copy.property;
  copy.type = 'json';
  delete copy.feature;
  delete copy.mesh;
  return copy;
}

// The innermost view of a composite Vega-Lite chart that fails on its own, as a JSON pointer.
function locate(spec) {
  var quiet = quietLogger([]);
  function fails(view) {
    try {
      vegaLite.compile(view, { logger: quiet });
      return false;
    } catch (e) {
      return true;
    }
  }
  function walk(node, path, data, encoding) {
    if (node.repeat || node.facet) {
      return path;
    }
    var children = [];
    ['layer', 'concat', 'hconcat', 'vconcat'].forEach(function (key) {
      if (Array.isArray(node[key])) {
        node[key].forEach(function (child, i) {
          children.push([child, path + '/' + key + '/' + i, key === 'layer']);
        });
      }
    });
    var ownData = node.data || data;
    for (var i = 0; i < children.length; i++) {
      var child = children[i][0];
      if (!child || typeof child !== 'object') {
        continue;
      }
      var alone = Object.assign({}, child);
      if (!alone.data && ownData) {
        alone.data = ownData;
      }
      if (spec.datasets) {
        alone.datasets = spec.datasets;
      }
      var inherited = children[i][2] ? Object.assign({}, encoding || {}, node.encoding || {}) : null;
      if (inherited && Object.keys(inherited).length) {
        alone.encoding = Object.assign({}, inherited, child.encoding || {});
      }
      if (fails(alone)) {
        return walk(child, children[i][1], ownData, inherited);
      }
    }
    return path;
  }
  var found = walk(spec, '', null, null);
  return found === '' ? '' : found;
}
