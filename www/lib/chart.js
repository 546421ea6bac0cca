// Charts with uPlot (vendored from npm into www/vendor at build time).
// One helper builds a chart that follows its container's width, and a plugin
// marks a vertical line (the liquidation point) with a label.
import { THEME_EVENT } from './theme.js';

/** A uPlot plugin drawing dashed vertical markers: `markers(u)` returns
 *  [{ x, label, color, row?, dash? }] in data units; entries with x == null
 *  are skipped. `row` (default 0) puts the label on a lower line, so that
 *  markers close together stay readable; `dash` is the line's dash pattern
 *  in CSS pixels (default [6, 4]). */
export function verticalMarkers(markers) {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx } = u;
          const { top, height } = u.bbox;
          ctx.save();
          for (const m of markers(u)) {
            if (m.x == null || m.x < u.scales.x.min || m.x > u.scales.x.max) continue;
            const px = Math.round(u.valToPos(m.x, 'x', true));
            ctx.strokeStyle = m.color;
            ctx.fillStyle = m.color;
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.setLineDash((m.dash ?? [6, 4]).map((d) => d * devicePixelRatio));
            ctx.beginPath();
            ctx.moveTo(px, top);
            ctx.lineTo(px, top + height);
            ctx.stroke();
            ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
            ctx.textAlign = px > u.bbox.left + u.bbox.width * 0.7 ? 'right' : 'left';
            const dx = ctx.textAlign === 'right' ? -4 : 4;
            ctx.fillText(m.label, px + dx * devicePixelRatio, top + 14 * (1 + (m.row ?? 0)) * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** Creates a uPlot chart in `el` sized to its container. `options` is a
 *  function (called again to rebuild the chart in the new colours when the
 *  theme changes) or a plain object. Returns a handle with uPlot's API. */
export function lineChart(el, options, data) {
  const make = typeof options === 'function' ? options : () => options;
  const size = () => ({ width: Math.max(el.clientWidth, 240), height: Math.min(320, Math.max(220, el.clientWidth * 0.5)) });
  let chart = new globalThis.uPlot({ ...make(), ...size() }, data, el);
  new ResizeObserver(() => chart.setSize(size())).observe(el);
  globalThis.addEventListener(THEME_EVENT, () => {
    const current = chart.data;
    chart.destroy();
    chart = new globalThis.uPlot({ ...make(), ...size() }, current, el);
  });
  return new Proxy({}, {
    get: (_, key) => (typeof chart[key] === 'function' ? chart[key].bind(chart) : chart[key]),
  });
}

/** Reads a CSS custom property as seen by `el` (chart colours follow the theme,
 *  inside a shadow root too). Values are kept until the theme changes: reading
 *  a computed style after the page has changed forces a style recalculation,
 *  and the markers are drawn on every update. */
export function cssVar(el, name) {
  let values = cssVars.get(el);
  if (!values) cssVars.set(el, (values = new Map()));
  let value = values.get(name);
  if (value === undefined) {
    value = getComputedStyle(el).getPropertyValue(name).trim();
    if (value) values.set(name, value); // not kept while the stylesheet is still loading
  }
  return value;
}
let cssVars = new WeakMap();
// Registered when this module loads, so before any chart's own listener.
globalThis.addEventListener(THEME_EVENT, () => (cssVars = new WeakMap()));
