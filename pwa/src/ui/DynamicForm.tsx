import type { FieldSpec, FormValues } from "../app/letterform";
import { useT } from "../i18n";
import { Field, Select, TextArea } from "./components";

/** A letter type's form, drawn from its field list. */
export function DynamicForm({ fields, values, errors, onChange }: {
  fields: FieldSpec[];
  values: FormValues;
  errors: Record<string, string>;
  onChange: (name: string, value: string) => void;
}) {
  const t = useT();
  return (
    <>
      {fields.map((f) => {
        const label = f.required ? f.label : t("field.optional", { label: f.label });
        const common = { label, value: values[f.name] ?? "", onValue: (v: string) => onChange(f.name, v), error: errors[f.name], required: f.required };
        if (f.kind === "choice") {
          return <Select key={f.name} {...common} placeholder="—" options={(f.choices ?? []).map((c) => ({ value: c, label: c }))} />;
        }
        if (f.kind === "text" && f.multiline) {
          return <TextArea key={f.name} {...common} {...(f.help ? { help: f.help } : {})} {...(f.max_length ? { maxLength: f.max_length } : {})} />;
        }
        return (
          <Field
            key={f.name}
            {...common}
            name={f.name}
            help={f.help}
            type={f.kind === "date" ? "date" : f.kind === "number" ? "number" : "text"}
            {...(f.kind === "number" ? { inputMode: "numeric" } : {})}
            {...(f.kind === "text" && f.max_length ? { maxLength: f.max_length } : {})}
          />
        );
      })}
    </>
  );
}
