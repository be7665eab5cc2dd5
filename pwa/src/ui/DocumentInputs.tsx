import { useT } from "../i18n";

export interface DocumentSpec {
  key: string;
  label: string;
  required: boolean;
}

/** One file input per document a letter type asks for (a photo of the RT/RW cover letter...). */
export function DocumentInputs({ documents, files, errors, onFile }: {
  documents: DocumentSpec[];
  files: Record<string, File | null>;
  errors: Record<string, string>;
  onFile: (key: string, file: File | null) => void;
}) {
  const t = useT();
  return (
    <>
      {documents.map((d) => (
        <div class="field" key={d.key}>
          <label for={`doc-${d.key}`}>
            {d.label} {d.required ? "" : `(${t("app.optional")})`}
          </label>
          <input
            id={`doc-${d.key}`}
            type="file"
            accept="image/*,application/pdf"
            capture="environment"
            aria-invalid={errors[`doc:${d.key}`] ? "true" : undefined}
            onChange={(e) => onFile(d.key, (e.target as HTMLInputElement).files?.[0] ?? null)}
          />
          <span class="help">{files[d.key]?.name ?? t("letters.photoHelp")}</span>
          {errors[`doc:${d.key}`] && <span class="err">{errors[`doc:${d.key}`]}</span>}
        </div>
      ))}
    </>
  );
}

/** Errors for required documents not chosen yet, keyed `doc:<key>`. */
export function missingDocuments(documents: DocumentSpec[], files: Record<string, File | null>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const d of documents) if (d.required && !files[d.key]) errors[`doc:${d.key}`] = `${d.label} wajib diunggah.`;
  return errors;
}

export function chosenDocuments(documents: DocumentSpec[], files: Record<string, File | null>) {
  return documents.filter((d) => files[d.key]).map((d) => ({ key: d.key, label: d.label, file: files[d.key]!, name: files[d.key]!.name }));
}

/** `errors` without `key` (an error goes away as soon as its field changes). */
export function without(errors: Record<string, string>, key: string): Record<string, string> {
  if (!(key in errors)) return errors;
  const next = { ...errors };
  delete next[key];
  return next;
}
