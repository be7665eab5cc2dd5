/**
 * What changes in a resident's record after registration: corrections (name, phone, address), a move out,
 * a death, and settling the points an import flagged for review. Moves and deaths are events: aid holds
 * the person's payments for review, letters stop being issued; the resident is never deleted.
 */
import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/generated/identity";
import { useT } from "../../i18n";
import { digitsOnly, isoToday } from "../../lib/format";
import { Alert, ErrorAlert, Field, useAction } from "../../ui/components";

type Resident = components["schemas"]["ResidentOut"];
type Change = "" | "edit" | "move" | "death";

export function ResidentChanges({ resident, onChanged }: { resident: Resident; onChanged: () => void }) {
  const t = useT();
  const [open, setOpen] = useState<Change>("");
  const path = { params: { path: { resident_id: resident.id } } };
  const reviewed = useAction(async () => {
    await unwrap(api.identity.POST("/residents/{resident_id}/reviewed", path));
    onChanged();
  });
  const done = () => {
    setOpen("");
    onChanged();
  };
  const toggle = (what: Change) => setOpen(open === what ? "" : what);
  return (
    <section class="card">
      <h2>{t("console.changes")}</h2>
      {resident.review_flags.length > 0 && (
        <p>
          <button type="button" class="secondary" onClick={() => void reviewed.run()} disabled={reviewed.busy}>{t("console.reviewed")}</button>
        </p>
      )}
      <ErrorAlert error={reviewed.error} />
      <div class="actions">
        <button type="button" class="secondary" aria-expanded={open === "edit"} onClick={() => toggle("edit")}>{t("console.edit")}</button>
        {resident.status === "living" && (
          <>
            <button type="button" class="secondary" aria-expanded={open === "move"} onClick={() => toggle("move")}>{t("console.move")}</button>
            <button type="button" class="secondary" aria-expanded={open === "death"} onClick={() => toggle("death")}>{t("console.death")}</button>
          </>
        )}
      </div>
      {open === "edit" && <EditResident resident={resident} onDone={done} />}
      {open === "move" && <StatusChange resident={resident} kind="move" onDone={done} />}
      {open === "death" && <StatusChange resident={resident} kind="death" onDone={done} />}
    </section>
  );
}

function EditResident({ resident, onDone }: { resident: Resident; onDone: () => void }) {
  const t = useT();
  const [name, setName] = useState(resident.name);
  const [phone, setPhone] = useState(resident.phone ?? "");
  const [address, setAddress] = useState({ ...resident.address });
  const set = (k: keyof typeof address) => (v: string) => setAddress((a) => ({ ...a, [k]: v }));
  const save = useAction(async () => {
    const moved = (Object.keys(address) as (keyof typeof address)[]).some((k) => address[k] !== resident.address[k]);
    const body = {
      ...(name !== resident.name ? { name } : {}),
      ...(phone !== (resident.phone ?? "") ? { phone: phone || null } : {}),
      ...(moved ? { address } : {}),
    };
    if (Object.keys(body).length) {
      await unwrap(api.identity.PATCH("/residents/{resident_id}", { params: { path: { resident_id: resident.id } }, body }));
    }
    onDone();
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
      <Field label={t("field.name")} value={name} onValue={setName} required />
      <Field label={t("field.phone")} value={phone} onValue={(v) => setPhone(digitsOnly(v, 15))} type="tel" />
      <div class="grid2">
        <Field label={t("field.dusun")} value={address.dusun} onValue={set("dusun")} />
        <Field label={t("field.rt")} value={address.rt} onValue={(v) => set("rt")(digitsOnly(v, 3))} inputMode="numeric" />
        <Field label={t("field.rw")} value={address.rw} onValue={(v) => set("rw")(digitsOnly(v, 3))} inputMode="numeric" />
        <Field label={t("console.street")} value={address.street} onValue={set("street")} />
      </div>
      <ErrorAlert error={save.error} />
      <button type="submit" disabled={save.busy}>{t("app.save")}</button>
    </form>
  );
}

function StatusChange({ resident, kind, onDone }: { resident: Resident; kind: "move" | "death"; onDone: () => void }) {
  const t = useT();
  const [on, setOn] = useState(isoToday());
  const [text, setText] = useState("");
  const save = useAction(async () => {
    const params = { path: { resident_id: resident.id } };
    if (kind === "move") await unwrap(api.identity.POST("/residents/{resident_id}/move", { params, body: { moved_on: on, destination: text } }));
    else await unwrap(api.identity.POST("/residents/{resident_id}/death", { params, body: { died_on: on, note: text } }));
    onDone();
  });
  return (
    <form aria-label={t(kind === "move" ? "console.move" : "console.death")} onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
      <Field label={t(kind === "move" ? "console.movedOn" : "console.diedOn")} value={on} onValue={setOn} type="date" required />
      <Field label={t(kind === "move" ? "console.destination" : "console.note")} value={text} onValue={setText} maxLength={200} />
      <Alert kind="info">{t("console.statusChangeHelp", { name: resident.name })}</Alert>
      <ErrorAlert error={save.error} />
      <button type="submit" class="danger" disabled={save.busy}>{t(kind === "move" ? "console.move" : "console.death")}</button>
    </form>
  );
}
