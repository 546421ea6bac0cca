// Editable tables: rows cloned from a static template, each control with its
// own id, label and the API path of its position (`components[2].apr`), so
// that lib/form.js shows an error next to the right control. No data is ever
// put into markup: values go in through `.value`, labels through textContent.

/** Wires `tbody` as a list of rows made from `rowMarkup` (a `<tr>` whose
 *  controls carry `data-part`, with `<label data-for="part">` for each and a
 *  `data-part="remove"` button). `field(i, part)` gives a control's API path
 *  (null: none); `describe(tr, i)` names a row for its remove button;
 *  `onChange()` runs after a row is removed. */
export function editableRows(tbody, rowMarkup, { prefix, field, describe, onChange, fallbackFocus }) {
  let count = 0; // for unique ids; never reused
  const part = (tr, name) => tr.querySelector(`[data-part="${name}"]`);
  const rows = () => [...tbody.rows];

  function index() {
    rows().forEach((tr, i) => {
      for (const el of tr.querySelectorAll('[data-part]')) {
        if (el.dataset.part === 'remove') {
          el.setAttribute('aria-label', `Remove ${describe(tr, i)}`);
          continue;
        }
        const path = field(i, el.dataset.part);
        if (path) el.dataset.field = path;
        else delete el.dataset.field;
      }
    });
  }

  /** Appends a row; `fill(name => control)` sets its values. */
  function add(fill) {
    const t = document.createElement('template');
    t.innerHTML = rowMarkup;
    const tr = t.content.firstElementChild;
    const n = ++count;
    for (const el of tr.querySelectorAll('[data-part]')) {
      if (el.dataset.part === 'remove') continue;
      el.id = `${prefix}-${n}-${el.dataset.part}`;
      const label = tr.querySelector(`label[data-for="${el.dataset.part}"]`);
      if (label) label.htmlFor = el.id;
    }
    fill?.((name) => part(tr, name));
    tbody.append(tr);
    index();
    return tr;
  }

  tbody.addEventListener('click', (event) => {
    const button = event.target.closest('[data-part="remove"]');
    if (!button) return;
    const tr = button.closest('tr');
    const next = tr.nextElementSibling ?? tr.previousElementSibling;
    tr.remove();
    index();
    // Keep the keyboard user where they were: the neighbouring row's button.
    (next ? part(next, 'remove') : fallbackFocus)?.focus();
    onChange?.();
  });

  return { add, index, rows, part, clear: () => tbody.replaceChildren() };
}
