/**
 * A PostgreSQL array literal ('{1,2,NULL}', '{"a","b"}') for a query
 * parameter cast to int[], numeric[] or text[]. For a large array, several
 * times cheaper than pg's own conversion of a JavaScript array, which
 * escapes each element on its own.
 */
export function pgArray(items: readonly (string | number | null | undefined)[]): string {
  const parts: string[] = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    parts[i] =
      item === null || item === undefined
        ? 'NULL'
        : typeof item === 'number'
          ? String(item)
          : `"${/["\\]/.test(item) ? item.replace(/["\\]/g, '\\$&') : item}"`;
  }
  return `{${parts.join(',')}}`;
}
