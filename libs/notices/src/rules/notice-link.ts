import { consoleUrl } from '@app/platform';

/**
 * Where a notice's reader acts: `link` absolute under CONSOLE_BASE_URL (e-mail, work chat, the rendered notice) and
 * `route`, the console path itself (/console/…), which the inbox opens inside the page.
 */
export function noticeLink(consoleBaseUrl: string, path: string): { link: string; route: string } {
  return { link: consoleUrl(consoleBaseUrl, path), route: path };
}
