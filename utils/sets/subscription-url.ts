/** Which addresses a set may be subscribed at; checked by the options page before it asks for a permission, and again by the background. */

/**
 * A subscription address must be https, so a set's facts cannot be rewritten
 * on the wire — or plain http to this computer itself (which the web's secure
 * contexts also trust), so an author can try a set served locally.
 */
export function subscriptionUrl(address: string): string {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new Error(`"${address}" is not a web address.`);
  }
  const loopback = url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname);
  if (url.protocol !== 'https:' && !loopback) throw new Error(`A set is subscribed to over https only; "${address}" is not.`);
  if (url.username || url.password) throw new Error('A subscription address may not carry a user name or password.');
  return url.href;
}
