// Building DOM from data. Everything from the database or a report goes in as text
// (textContent / createTextNode), never as HTML: nothing in a report can run script in the page.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = String(v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export const TYPE_COLOURS = {
  "Battles": "#d7301f",
  "Explosions/Remote violence": "#ff8c00",
  "Violence against civilians": "#7b3294",
  "Protests": "#1a9850",
  "Riots": "#e7298a",
  "Strategic developments": "#2c7fb8",
};

export function colour(type) {
  return TYPE_COLOURS[type] || "#666";
}
