const BOUNDARY = '----scorecard-test-boundary';

/**
 * A multipart/form-data body as a browser's upload form sends it: the
 * fields (the CSRF token among them), then each file, as text/csv, under
 * its field name.
 */
export function multipartForm(
  fields: Record<string, string>,
  files: Record<string, { name: string; content: string | Buffer }> = {},
): { payload: Buffer; headers: { 'content-type': string } } {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const [field, file] of Object.entries(files)) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}
