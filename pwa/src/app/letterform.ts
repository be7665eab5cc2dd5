/**
 * Forms drawn from the letters service's type catalogue: each letter type lists its fields (the service's
 * `FieldOut`: keys that do not apply to a field's kind are left out), and the PWA builds the form and checks
 * it the same way before sending (the service checks again; its problem details win).
 */
import type { components } from "../api/generated/letters";

type LetterTypeOut = components["schemas"]["LetterTypeOut"];
export type FieldSpec = components["schemas"]["FieldOut"];
export type FieldKind = FieldSpec["kind"];

/** What a form needs of a letter type (GET /villages/{code}/letter-types answers all of it). */
export type LetterTypeSpec = Pick<LetterTypeOut, "code" | "title" | "fields"> &
  Partial<Pick<LetterTypeOut, "singkatan" | "kode_surat" | "validity_days" | "description" | "persyaratan" | "documents">>;

export type FormValues = Record<string, string>;

export function emptyValues(spec: LetterTypeSpec): FormValues {
  return Object.fromEntries(spec.fields.map((f) => [f.name, ""]));
}

/** Field name -> Indonesian message; empty when the form may be sent. */
export function validateFields(spec: LetterTypeSpec, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of spec.fields) {
    const v = (values[f.name] ?? "").trim();
    if (!v) {
      if (f.required) errors[f.name] = `${f.label} wajib diisi.`;
      continue;
    }
    switch (f.kind) {
      case "text":
        if (f.max_length && v.length > f.max_length) errors[f.name] = `${f.label} paling banyak ${f.max_length} karakter.`;
        else if (f.pattern && !new RegExp(f.pattern).test(v)) errors[f.name] = `Format ${f.label} tidak sesuai.`;
        break;
      case "number": {
        const n = Number(v);
        if (!Number.isInteger(n)) errors[f.name] = `${f.label} harus berupa angka bulat.`;
        else if (f.min_value != null && n < f.min_value) errors[f.name] = `${f.label} paling kecil ${f.min_value}.`;
        else if (f.max_value != null && n > f.max_value) errors[f.name] = `${f.label} paling besar ${f.max_value}.`;
        break;
      }
      case "date":
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(new Date(v).getTime())) errors[f.name] = `Tanggal ${f.label} tidak valid.`;
        break;
      case "choice":
        if (f.choices && !f.choices.includes(v)) errors[f.name] = `Pilih ${f.label} dari daftar.`;
        break;
    }
  }
  return errors;
}

/** The values as the service wants them: numbers as numbers, empty optional fields left out. */
export function toPayload(spec: LetterTypeSpec, values: FormValues): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const f of spec.fields) {
    const v = (values[f.name] ?? "").trim();
    if (!v) continue;
    out[f.name] = f.kind === "number" ? Number(v) : v;
  }
  return out;
}
