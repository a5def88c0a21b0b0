import { useEffect, useState } from 'react';

/** The link as a QR code (an SVG image), with a way to save it. */
export function QrCode({
  value,
  label,
  fileName = 'share-link-qr.svg',
}: {
  value: string;
  label: string;
  fileName?: string;
}) {
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    // Loaded on first use: most pages never draw a QR code.
    import('qrcode')
      .then(({ default: QRCode }) =>
        QRCode.toString(value, {
          type: 'svg',
          margin: 1,
          errorCorrectionLevel: 'M',
          color: { dark: '#111318', light: '#ffffff' },
        }),
      )
      .then((text) => {
        if (!cancelled) setSvg(text);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [value]);
  if (failed) return <p className="field-error">The QR code could not be drawn for this link.</p>;
  if (!svg) return <div className="qr skeleton" aria-hidden="true" />;
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  return (
    <figure className="qr-figure">
      <img className="qr" src={src} alt={label} width={168} height={168} />
      <figcaption>
        <a className="btn btn-sm" href={src} download={fileName}>
          Save QR code
        </a>
      </figcaption>
    </figure>
  );
}
