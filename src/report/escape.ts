/** Text from the data (names, ids, streets) as HTML text or attribute value: never markup. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON safe to place inside a <script> element: `</script>` or `<!--` in a name cannot end or change
 * the script, and U+2028/U+2029 (line breaks to old JavaScript parsers) are escaped too. The result
 * still parses as the same JSON.
 */
export function jsonForScript(value: unknown): string {
  // One pass: a city's map data is megabytes, and each replace() would scan (and maybe copy) it all.
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]);
}

const SCRIPT_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

/** Markdown table cell: pipes and line breaks (U+2028/U+2029 too, which editors show as breaks) would break the table; angle brackets would be HTML. */
export function escapeMarkdownCell(value: unknown): string {
  return String(value ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_`[\]])/g, '\\$1');
}
