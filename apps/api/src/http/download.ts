/**
 * A file as a download: its type, its name (UTF-8, RFC 5987), its length and — for a stored upload — its digest, so a
 * client can check what it received.
 */
export function sendDownload(res: any, file: { name: string; mime: string; content: Buffer; sha256?: string }): void {
  res.setHeader('Content-Type', file.mime);
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  res.setHeader('Content-Length', String(file.content.length));
  if (file.sha256) res.setHeader('Digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
  res.end(file.content);
}
