/** What a resident wrote in a letter request, under the letter type's own labels (not its field names). */
import { Fragment } from "preact";
import type { LetterTypeSpec } from "../app/letterform";
import type { Lang } from "../i18n";
import { formatDate } from "../lib/format";

/** "alamat_domisili" -> "Alamat domisili" when the type's label is not at hand (offline, type removed). */
function fallbackLabel(name: string): string {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function LetterFields({ fields, spec, lang, compact = false }: {
  fields: Record<string, unknown>;
  spec?: LetterTypeSpec | undefined;
  lang: Lang;
  compact?: boolean;
}) {
  const labels = new Map((spec?.fields ?? []).map((f) => [f.name, f.label]));
  const shown = Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== "");
  return (
    <dl class={compact ? "facts small" : "facts card"}>
      {shown.map(([name, value]) => (
        <Fragment key={name}>
          <dt>{labels.get(name) ?? fallbackLabel(name)}</dt>
          <dd>{typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, lang) : String(value)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
