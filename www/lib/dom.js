// Writing results into the page only where they change. Every write of a
// text or a table row, even of the text already there, makes the browser lay
// that part of the page out and paint it again, and one edit changes only
// some of the figures (a new equity leaves the leverage and the health factor
// as they were).

/** The element of `root` with the id `id`: looked up in its document or
 *  shadow root (root.querySelector('#…') walks the whole subtree, and a
 *  panel has hundreds of elements). */
export function byId(root, id) {
  return (root.isConnected && root.getRootNode().getElementById(id)) || root.querySelector(`#${CSS.escape(id)}`);
}

/** Sets `el`'s text, unless it already is `text`. */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Fills a table body with one row per array of cell texts, reusing the
 *  rows and cells already there. With no rows, `empty` (if given) is shown
 *  in one cell across `columns`. */
export function setRows(tbody, rows, { empty, columns = 1 } = {}) {
  const wanted = rows.length === 0 && empty !== undefined ? [{ texts: [empty], span: columns }] : rows.map((texts) => ({ texts, span: 1 }));
  const trs = tbody.rows;
  wanted.forEach(({ texts, span }, i) => {
    let tr = trs[i];
    if (!tr || tr.cells.length !== texts.length || tr.cells[0].colSpan !== span) {
      const fresh = document.createElement('tr');
      for (let j = 0; j < texts.length; j++) fresh.append(document.createElement('td'));
      fresh.cells[0].colSpan = span;
      if (tr) tr.replaceWith(fresh);
      else tbody.append(fresh);
      tr = fresh;
    }
    texts.forEach((text, j) => setText(tr.cells[j], text));
  });
  while (trs.length > wanted.length) trs[trs.length - 1].remove();
}
