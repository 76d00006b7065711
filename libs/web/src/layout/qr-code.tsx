import { toString as qrSvg } from 'qrcode';

/**
 * A QR code as inline SVG, drawn on the server: no script, no image request, nothing for a strict
 * CSP to allow. The markup is the library's own (paths only); the encoded text never enters it
 * as text, only as modules of the code.
 */
export async function qrCodeSvg(text: string): Promise<string> {
  return qrSvg(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The code with an accessible name; `svg` comes from qrCodeSvg. */
export function QrCode(props: { svg: string; label: string }) {
  return <div class="qr-code" role="img" aria-label={props.label} dangerouslySetInnerHTML={{ __html: props.svg }} />;
}
