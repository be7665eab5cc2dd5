/** Small SVG charts (no chart library): a population pyramid and horizontal bars. Each has a data table for screen readers. */
import { formatNumber } from "../lib/format";
import type { Lang } from "../i18n";

const MALE = "#1d4f91";
const FEMALE = "#b0305c";
const BAR = "#0f6b4f";

export function Pyramid({ rows, title, maleLabel, femaleLabel, ageLabel = "Umur", lang }: {
  rows: { bracket: string; male: number; female: number }[];
  title: string;
  maleLabel: string;
  femaleLabel: string;
  ageLabel?: string;
  lang: Lang;
}) {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.male, r.female)));
  const rowH = 22;
  const W = 360;
  const mid = W / 2;
  const label = 44;
  const half = mid - label / 2 - 4;
  const H = rows.length * rowH + 8;
  // Oldest at the top, as pyramids are drawn.
  const ordered = [...rows].reverse();
  return (
    <figure class="chart card">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {ordered.map((r, i) => {
          const y = 4 + i * rowH;
          const m = (r.male / max) * (half - 26);
          const f = (r.female / max) * (half - 26);
          return (
            <g key={r.bracket}>
              <rect x={mid - label / 2 - m} y={y + 2} width={m} height={rowH - 5} fill={MALE} rx={2} />
              <rect x={mid + label / 2} y={y + 2} width={f} height={rowH - 5} fill={FEMALE} rx={2} />
              <text x={mid} y={y + rowH / 2 + 4} text-anchor="middle" font-size="11" fill="#1b2421">{r.bracket}</text>
              <text x={mid - label / 2 - m - 3} y={y + rowH / 2 + 4} text-anchor="end" font-size="10" fill="#4f5d58">{r.male || ""}</text>
              <text x={mid + label / 2 + f + 3} y={y + rowH / 2 + 4} font-size="10" fill="#4f5d58">{r.female || ""}</text>
            </g>
          );
        })}
      </svg>
      <div class="legend">
        <span style={`--c:${MALE}`}>{maleLabel}</span>
        <span style={`--c:${FEMALE}`}>{femaleLabel}</span>
      </div>
      {/* a table ignores width: 1px, so the hidden box is a div around it (else a long label widens the page) */}
      <div class="sr-only">
      <table>
        <caption>{title}</caption>
        <thead><tr><th scope="col">{ageLabel}</th><th scope="col">{maleLabel}</th><th scope="col">{femaleLabel}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.bracket}><th scope="row">{r.bracket}</th><td>{formatNumber(r.male, lang)}</td><td>{formatNumber(r.female, lang)}</td></tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}

export function Bars({ rows, title, lang, format }: {
  rows: { label: string; value: number }[];
  title: string;
  lang: Lang;
  format?: (n: number) => string;
}) {
  const fmt = format ?? ((n: number) => formatNumber(n, lang));
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 40;
  const W = 360;
  const H = Math.max(1, rows.length) * rowH;
  return (
    <figure class="chart card">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p class="muted">–</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
          {rows.map((r, i) => {
            const y = i * rowH;
            const w = (r.value / max) * (W - 90);
            return (
              <g key={r.label}>
                <text x={0} y={y + 13} font-size="12" fill="#1b2421">{r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label}</text>
                <rect x={0} y={y + 18} width={Math.max(w, 2)} height={16} fill={BAR} rx={3} />
                <text x={Math.max(w, 2) + 6} y={y + 31} font-size="12" fill="#1b2421">{fmt(r.value)}</text>
              </g>
            );
          })}
        </svg>
      )}
      <div class="sr-only">
      <table>
        <caption>{title}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}><th scope="row">{r.label}</th><td>{fmt(r.value)}</td></tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
