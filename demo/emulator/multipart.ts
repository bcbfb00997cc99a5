/**
 * The text fields of a `multipart/form-data` body, which is what Meta's `curl -F` sample for the code exchange sends.
 * Only simple fields are needed, so file parts are skipped; `undefined` when the content type has no boundary.
 */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string> | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return undefined;
  // latin1 maps bytes 1:1, so splitting cannot corrupt UTF-8 values; they are decoded afterwards.
  const text = body.toString('latin1');
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const raw of text.split(`--${boundary}`).slice(1)) {
    if (raw.startsWith('--')) break;
    const part = raw.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const headers = part.slice(0, split.index);
    const name = /^content-disposition:[^\n]*;\s*name="([^"]*)"/im.exec(headers)?.[1];
    if (name === undefined || /;\s*filename\*?=/i.test(headers)) continue;
    const value = part.slice(split.index + split[0].length).replace(/\r?\n$/, '');
    fields[Buffer.from(name, 'latin1').toString('utf8')] = Buffer.from(value, 'latin1').toString('utf8');
  }
  return fields;
}
