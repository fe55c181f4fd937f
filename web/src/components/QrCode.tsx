import { useEffect, useState } from 'react';

/**
 * The join link as a QR code, drawn in the page (an SVG from the `qrcode` package, loaded only
 * by hosts): nothing leaves the local network.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then((qr) => qr.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }))
      .then((markup) => {
        if (live) setSvg(markup);
      });
    return () => {
      live = false;
    };
  }, [text]);
  if (!svg) return <div className="qr qr-loading" role="img" aria-label={label} aria-busy="true" />;
  return (
    <img
      className="qr"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={label}
      width={176}
      height={176}
    />
  );
}
