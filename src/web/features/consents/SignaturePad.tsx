/**
 * A drawn signature: a canvas the participant signs with a finger, a pen or the
 * mouse; handed back as a PNG data URL (empty when cleared). The typed name beside
 * it stays required, so the signature is never only an image.
 */
import { useEffect, useRef, type PointerEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export function SignaturePad({ id, onChange, error }: { id: string; onChange: (dataUrl: string) => void; error?: string | undefined }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const drawn = useRef(false);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.strokeStyle = '#111';
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const c = e.currentTarget;
    const r = c.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * c.width) / r.width, y: ((e.clientY - r.top) * c.height) / r.height };
  };
  const finish = () => {
    if (!drawing.current) return;
    drawing.current = false;
    const url = canvas.current?.toDataURL('image/png') ?? '';
    // The server refuses anything over the bound; the form shows that at this field.
    onChange(url);
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    drawn.current = false;
    onChange('');
  };

  return (
    <div className={`field signature-pad${error ? ' field--invalid' : ''}`}>
      <p className="field-label" id={`${id}-label`}>
        {t('consents.drawHere')}
      </p>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <canvas
        ref={canvas}
        id={id}
        width={600}
        height={180}
        className="signature-canvas"
        role="img"
        aria-labelledby={`${id}-label`}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          const ctx = e.currentTarget.getContext('2d');
          const p = point(e);
          ctx?.beginPath();
          ctx?.moveTo(p.x, p.y);
          drawing.current = true;
          drawn.current = true;
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const ctx = e.currentTarget.getContext('2d');
          const p = point(e);
          ctx?.lineTo(p.x, p.y);
          ctx?.stroke();
        }}
        onPointerUp={finish}
        onPointerCancel={finish}
      />
      <div className="button-row">
        <button type="button" className="btn btn-secondary" onClick={clear}>
          {t('consents.clearDrawing')}
        </button>
      </div>
    </div>
  );
}
