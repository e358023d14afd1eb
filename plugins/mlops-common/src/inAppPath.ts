/**
 * Whether `path` is safe to navigate to inside the app: it starts with one
 * `/`. Browsers read `//host` and `/\host` as another site (protocol-relative),
 * and drop tabs and newlines before they do, so those are refused too.
 * @public
 */
export function isInAppPath(path: string): boolean {
  if (!path.startsWith('/') || path[1] === '/' || path[1] === '\\') {
    return false;
  }
  return ![...path].some(c => c.charCodeAt(0) <= 0x20 || c === '\u007f');
}
