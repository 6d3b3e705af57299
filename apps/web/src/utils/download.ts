/**
 * Downloads (XLSX, PDF): a plain link cannot send the bearer token, so the file is fetched with the session and
 * handed to the browser as a Blob.
 */
import { authFetch, failureOf } from '@/api/client';

export async function fetchBlob(url: string): Promise<{ blob: Blob; name: string | null }> {
  const res = await authFetch(url);
  if (!res.ok) throw await failureOf(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="?([^";]+)"?/i.exec(disposition);
  return { blob: await res.blob(), name: m ? decodeURIComponent(m[1]) : null };
}

export async function download(url: string, fallbackName: string): Promise<void> {
  const { blob, name } = await fetchBlob(url);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

/** An object URL for showing a PDF in the page (revoke it when the view goes away). */
export async function objectUrl(url: string): Promise<{ href: string; type: string; name: string | null }> {
  const { blob, name } = await fetchBlob(url);
  return { href: URL.createObjectURL(blob), type: blob.type, name };
}
