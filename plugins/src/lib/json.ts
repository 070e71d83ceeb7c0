// Just enough JSON for the example plugins: read one string field of the input object,
// and quote text for the output.

/** The string value of `"key": "..."` in `json`, or null when there is none. */
export function stringField(json: string, key: string): string | null {
  const marker = '"' + key + '"';
  let at = json.indexOf(marker);
  if (at < 0) return null;
  at += marker.length;
  while (at < json.length && (json.charAt(at) == ' ' || json.charAt(at) == ':')) at++;
  if (at >= json.length || json.charAt(at) != '"') return null;
  let out = '';
  for (let i = at + 1; i < json.length; i++) {
    const c = json.charAt(i);
    if (c == '"') return out;
    if (c == '\\' && i + 1 < json.length) {
      i++;
      const e = json.charAt(i);
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
    } else out += c;
  }
  return null;
}

/** `text` as a JSON string literal. */
export function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const c = text.charAt(i);
    if (c == '"') out += '\\"';
    else if (c == '\\') out += '\\\\';
    else if (c == '\n') out += '\\n';
    else if (c == '\r') out += '\\r';
    else if (c == '\t') out += '\\t';
    else if (code < 0x20) out += '\\u00' + (code < 16 ? '0' : '') + code.toString(16);
    else out += c;
  }
  return out + '"';
}
