// Loaded before the vega and vega-lite bundles in every validation context.
// vega-lite 6 copies specs with structuredClone, which this JavaScript engine lacks; a chart is
// plain JSON, so a JSON round trip copies it the same way.
if (typeof globalThis.structuredClone !== 'function') {
  globalThis.structuredClone = function (value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  };
}
