// Tables on a phone: each row of a wide table becomes a card, every cell labelled with its column's heading
// (GOV.UK's stacked pattern). Only tables whose single header row names every column are stacked; others keep
// their sideways scroll inside the page.
for (const table of document.querySelectorAll("main table.govuk-table:not(.app-table--keep)")) {
  const headRows = table.tHead ? table.tHead.rows : [];
  if (headRows.length !== 1) continue;
  const headings = [];
  for (const cell of headRows[0].cells) {
    const heading = cell.cloneNode(true);
    for (const hidden of heading.querySelectorAll(".govuk-visually-hidden")) hidden.remove();
    for (let span = 0; span < cell.colSpan; span += 1) headings.push(heading.textContent.trim());
  }
  let fits = true;
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        if (cell.colSpan > 1) fits = false;
        if (headings[column]) cell.dataset.label = headings[column];
        column += cell.colSpan;
      }
    }
  }
  if (fits) table.classList.add("app-table--stacked");
}
