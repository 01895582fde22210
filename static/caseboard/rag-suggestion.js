// The suggested RAG rating, updated as the worker ticks the factors (progressive enhancement: without JavaScript the
// "Check the suggestion" button asks the server). The same rule as prioritisation/scoring.py: any factor that points
// towards red suggests red; otherwise any that points towards amber suggests amber; none suggests green.
const TAGS = {
  red: ["govuk-tag--red", "Red"],
  amber: ["govuk-tag--orange", "Amber"],
  green: ["govuk-tag--green", "Green"],
};

// A label as it reads mid-sentence: "Out of school" becomes "out of school"; "CP plan" stays as it is.
function inSentence(label) {
  if (label.length > 1 && label[1] === label[1].toUpperCase() && label[1] !== label[1].toLowerCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

function labelOf(input) {
  const label = input.form.querySelector(`label[for="${CSS.escape(input.id)}"]`);
  return label ? label.textContent.trim() : input.value;
}

for (const form of document.querySelectorAll("form[data-rag-suggestion]")) {
  const box = form.querySelector("#rag-suggestion");
  const check = form.querySelector("[data-rag-check]");
  if (!box) continue;
  if (check) check.hidden = true;
  const update = () => {
    let rating = "green";
    let because = [];
    for (const colour of ["red", "amber"]) {
      const ticked = [...form.querySelectorAll(`input[name="${colour}_factors"]:checked`)];
      if (ticked.length) {
        rating = colour;
        because = ticked.map(labelOf);
        break;
      }
    }
    const [tagClass, tagText] = TAGS[rating];
    const tag = document.createElement("strong");
    tag.className = `govuk-tag ${tagClass}`;
    tag.textContent = tagText;
    box.querySelector("[data-rag-tag]").replaceChildren(tag);
    box.querySelector("[data-rag-reason]").textContent = because.length
      ? `Suggested ${rating} because: ${[...new Set(because)].map(inSentence).join(", ")}`
      : `Suggested ${rating} because: no factor applies`;
  };
  form.addEventListener("change", (event) => {
    if (event.target.matches('input[name$="_factors"]')) update();
  });
}
