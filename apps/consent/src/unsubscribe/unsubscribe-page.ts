import type { Language } from '@sargs/contracts';

export type UnsubscribePage = 'confirm' | 'done' | 'invalid';

const TEXTS: Record<Language, Record<UnsubscribePage, { title: string; body: string; button?: string }>> = {
  en: {
    confirm: {
      title: 'Unsubscribe from marketing e-mail',
      body: 'Press the button and Sargs will send you no more marketing e-mail. Notices about your account, its security and changes to our privacy policy still come; only closing the account stops them.',
      button: 'Unsubscribe',
    },
    done: {
      title: 'You are unsubscribed',
      body: 'Sargs will send you no more marketing e-mail. You can change your mind at any time on your account page.',
    },
    invalid: {
      title: 'This link does not work',
      body: 'The unsubscribe link is incomplete or has been altered. Use the link from the e-mail itself, or change your choice on your account page.',
    },
  },
  lv: {
    confirm: {
      title: 'Atteikties no mārketinga e-pastiem',
      body: 'Nospiediet pogu, un Sargs jums vairs nesūtīs mārketinga e-pastus. Paziņojumus par jūsu kontu, tā drošību un privātuma politikas izmaiņām jūs saņemsiet arī turpmāk; tos aptur tikai konta slēgšana.',
      button: 'Atteikties',
    },
    done: {
      title: 'Atteikšanās ir reģistrēta',
      body: 'Sargs jums vairs nesūtīs mārketinga e-pastus. Savu izvēli jebkurā laikā varat mainīt sava konta lapā.',
    },
    invalid: {
      title: 'Šī saite nedarbojas',
      body: 'Atteikšanās saite ir nepilnīga vai mainīta. Izmantojiet saiti no paša e-pasta vai mainiet izvēli sava konta lapā.',
    },
  },
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * The unsubscribe pages: plain HTML with no script, no style and nothing loaded from anywhere, so
 * they work under the gateway's strictest CSP (`default-src 'none'; form-action 'self'`). The
 * confirm page's form posts the RFC 8058 body to the same URL; the action is relative, so it
 * resolves below whatever prefix the public API has. Referrer policy `same-origin`: the URL holds
 * the token, so no other site may see it, but `no-referrer` would make the browser post the form
 * with `Origin: null`, which the gateway refuses.
 */
export function unsubscribePage(page: UnsubscribePage, language: Language, token?: string): string {
  const text = TEXTS[language][page];
  const form =
    page === 'confirm' && token !== undefined && text.button
      ? `<form method="post" action="unsubscribe?token=${escapeHtml(encodeURIComponent(token))}">` +
        `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
        `<button type="submit">${escapeHtml(text.button)}</button></form>`
      : '';
  return (
    `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(text.title)} · Sargs</title></head>` +
    `<body><main><h1>${escapeHtml(text.title)}</h1><p>${escapeHtml(text.body)}</p>${form}</main></body></html>\n`
  );
}
