// Sharing a scenario: a JSON file out and back in, and the two embed
// snippets (the <restake-calc> element and the iframe) for what is on screen.
// Everything here is text: values are escaped for the snippet and set with
// textContent / value, never parsed as markup.

export const MAX_IMPORT_BYTES = 64 * 1024;
const FORMAT = 'restake-calc scenario';

/** Offers `data` as a downloaded JSON file. */
export function downloadJson(filename, data) {
  download(filename, 'application/json', JSON.stringify(data, null, 2) + '\n');
}

/** Offers `text` as a downloaded file. */
export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A scenario file's content for the loop's form values. */
export const scenarioFile = (values) => ({ format: FORMAT, version: 1, loop: values });

/** Reads a scenario file: resolves to [name, value] pairs or rejects with a
 *  message that says what is wrong, in plain words. */
export async function readScenarioFile(file) {
  if (file.size > MAX_IMPORT_BYTES) throw new Error(`the file is ${Math.ceil(file.size / 1024)} KB; a scenario is at most ${MAX_IMPORT_BYTES / 1024} KB`);
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch {
    throw new Error('the file is not JSON');
  }
  if (data?.format !== FORMAT || data.version !== 1) throw new Error(`the file is not a ${FORMAT} (version 1)`);
  if (typeof data.loop !== 'object' || data.loop === null || Array.isArray(data.loop)) throw new Error('loop: expected an object of field values');
  const entries = Object.entries(data.loop);
  const bad = entries.find(([, v]) => typeof v !== 'string' && typeof v !== 'number');
  if (bad) throw new Error(`loop.${bad[0]}: expected a number or a text`);
  return entries;
}

const escapeAttribute = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The element snippet: one script tag and the element with the scenario's inputs as attributes. */
export function elementSnippet(base, panel, attributes) {
  const attrs = Object.entries(attributes).map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  return `<script type="module" src="${escapeAttribute(new URL('restake-calc.js', base))}"></script>\n<restake-calc panel="${escapeAttribute(panel)}"${attrs}></restake-calc>`;
}

/** The iframe snippet: the embed page with the scenario in its hash, and the
 *  parent script that sizes the iframe to its content. */
export function iframeSnippet(base, panel, hash) {
  const src = new URL(`embed.html?panel=${encodeURIComponent(panel)}${hash}`, base);
  return `<iframe src="${escapeAttribute(src)}" data-restake-calc title="restake-calc: ${escapeAttribute(panel)} calculator" width="100%" height="900" style="border:0" loading="lazy"></iframe>\n<script src="${escapeAttribute(new URL('embed-parent.js', base))}" defer></script>`;
}

/** Each table's cells as CSV (RFC 4180 quoting), header row first. */
export function tableToCsv(table) {
  const cell = (td) => {
    const text = td.textContent.trim().replace(/\s+/g, ' ');
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [...table.rows].map((row) => [...row.cells].map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Adds a "Download CSV" button after every results table under `root` (not
 *  the charts' legends, nor tables of inputs). */
export function addCsvButtons(root) {
  for (const table of root.querySelectorAll('table')) {
    if (table.closest('.uplot, [role="img"]') || table.querySelector('input, select')) continue;
    if (table.nextElementSibling?.matches('button.csv')) continue;
    const name = (table.querySelector('caption')?.textContent || table.id || 'table').trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'csv secondary', textContent: 'Download table (CSV)' });
    button.addEventListener('click', () => download(`restake-calc-${name || 'table'}.csv`, 'text/csv', tableToCsv(table)));
    table.after(button);
  }
}
