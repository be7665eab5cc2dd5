/** The aid console's forms: a new programme, and recording one beneficiary's disbursement. */
import { useState } from "preact/hooks";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/generated/aid";
import type { PeriodKind } from "../../app/periods";
import { useT, type Key } from "../../i18n";
import { digitsOnly, isoToday, rupiah } from "../../lib/format";
import { newKey } from "../../offline/outbox";
import { ErrorAlert, Field, Select, useAction } from "../../ui/components";

type ProgramIn = components["schemas"]["ProgramIn"];

const KINDS: { value: ProgramIn["kind"]; label: string }[] = [
  { value: "pkh", label: "PKH" },
  { value: "bpnt", label: "BPNT / Sembako" },
  { value: "blt_dd", label: "BLT Dana Desa" },
  { value: "kis_pbi", label: "KIS PBI" },
  { value: "bst", label: "BST" },
  { value: "village", label: "aid.kind.village" },
];
const FUNDS: { value: ProgramIn["source_of_funds"]; label: string }[] = [
  { value: "apbn", label: "APBN" },
  { value: "apbd", label: "APBD" },
  { value: "apbdes", label: "APBDes" },
  { value: "other", label: "aid.funds.other" },
];
const TARGETS: { value: ProgramIn["target"]; label: string }[] = [
  { value: "family", label: "aid.target.family" },
  { value: "person", label: "aid.target.person" },
  { value: "household", label: "aid.target.household" },
  { value: "group", label: "aid.target.group" },
];

/** Labels that are dictionary keys ("aid.target.family") are translated; names like "PKH" stay. */
function localise<V extends string>(options: { value: V; label: string }[], t: (k: Key) => string) {
  return options.map((o) => ({ value: o.value, label: o.label.includes(".") ? t(o.label as Key) : o.label }));
}

const PERIOD_KINDS: PeriodKind[] = ["monthly", "quarterly", "yearly", "once"];

export function AddProgram({ village, onDone }: { village: string; onDone: () => void }) {
  const t = useT();
  const [key] = useState(newKey);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<ProgramIn["kind"]>("blt_dd");
  const [funds, setFunds] = useState<ProgramIn["source_of_funds"]>("apbdes");
  const [target, setTarget] = useState<ProgramIn["target"]>("family");
  const [period, setPeriod] = useState<PeriodKind>("monthly");
  const [benefit, setBenefit] = useState<"cash" | "goods">("cash");
  const [amount, setAmount] = useState("300000");
  const [goods, setGoods] = useState("");
  const [starts, setStarts] = useState(isoToday());
  const [ends, setEnds] = useState("");
  const action = useAction(async () => {
    await unwrap(
      api.aid.POST("/programs", {
        params: { header: { "idempotency-key": key } },
        body: {
          name, kind, source_of_funds: funds, target, starts_on: starts, village, period,
          ...(ends ? { ends_on: ends } : {}),
          benefit: benefit === "cash" ? { kind: "cash", amount_rupiah: Number(amount) } : { kind: "goods", goods },
        },
      }),
    );
    onDone();
  });
  return (
    <form class="card" onSubmit={(e) => { e.preventDefault(); void action.run(); }}>
      <Field label={t("aid.program")} value={name} onValue={setName} required />
      <div class="grid2">
        <Select label={t("aid.kind")} value={kind} onValue={(v) => setKind(v as ProgramIn["kind"])} options={localise(KINDS, t)} />
        <Select label={t("aid.funds")} value={funds} onValue={(v) => setFunds(v as ProgramIn["source_of_funds"])} options={localise(FUNDS, t)} />
        <Select label={t("aid.target")} value={target} onValue={(v) => setTarget(v as ProgramIn["target"])} options={localise(TARGETS, t)} />
        <Select label={t("aid.periodKind")} value={period} onValue={(v) => setPeriod(v as PeriodKind)}
          options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`aid.periodKind.${k}`) }))} />
        <Select label={t("aid.benefit")} value={benefit} onValue={(v) => setBenefit(v as "cash" | "goods")}
          options={[{ value: "cash", label: t("aid.benefit.cash") }, { value: "goods", label: t("aid.benefit.goods") }]} />
        {benefit === "cash" ? (
          <Field label={`${t("aid.amount")} (Rp)`} value={amount} onValue={(v) => setAmount(digitsOnly(v, 10))} inputMode="numeric" help={rupiah(Number(amount))} />
        ) : (
          <Field label={t("aid.goods")} value={goods} onValue={setGoods} required maxLength={200} help={t("aid.goodsHelp")} />
        )}
        <Field label={t("aid.starts")} value={starts} onValue={setStarts} type="date" required />
        <Field label={t("aid.ends")} value={ends} onValue={setEnds} type="date" help={t("aid.endsHelp")} />
      </div>
      <ErrorAlert error={action.error} />
      <button type="submit" disabled={action.busy}>{t("app.save")}</button>
    </form>
  );
}

export type Outcome = "disbursed" | "failed";

/**
 * Record one beneficiary's disbursement for a period: paid (date, who handed it out, the receipt or
 * report number, as the aid service requires for an audit) or failed (why). The idempotency key is made
 * when the form opens, so pressing "Simpan" again after a lost answer records it once.
 */
export function RecordDisbursement(props: {
  beneficiaryId: string;
  name: string;
  status: Outcome;
  period: string;
  amount: number | null;
  by: string;
  onBy: (v: string) => void;
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [key] = useState(newKey);
  const [on, setOn] = useState(isoToday());
  const [proof, setProof] = useState("");
  const [reason, setReason] = useState("");
  const paid = props.status === "disbursed";
  const save = useAction(async () => {
    await unwrap(api.aid.POST("/beneficiaries/{beneficiary_id}/disbursements", {
      params: { path: { beneficiary_id: props.beneficiaryId }, header: { "idempotency-key": key } },
      body: paid
        ? { period: props.period, status: "disbursed", amount_rupiah: props.amount, disbursed_on: on, disbursed_by: props.by, proof_ref: proof }
        : { period: props.period, status: "failed", reason },
    }));
    props.onDone();
  });
  return (
    <form class="card" aria-label={t(paid ? "aid.markDisbursed" : "aid.markFailed", { name: props.name })}
      onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
      {paid ? (
        <>
          <Field label={t("aid.disbursedOn")} value={on} onValue={setOn} type="date" required />
          <Field label={t("aid.disbursedBy")} value={props.by} onValue={props.onBy} required maxLength={120} help={t("aid.disbursedByHelp")} />
          <Field label={t("aid.proof")} value={proof} onValue={setProof} required maxLength={120} help={t("aid.proofHelp")} />
        </>
      ) : (
        <Field label={t("console.reason")} value={reason} onValue={setReason} required maxLength={300} />
      )}
      <ErrorAlert error={save.error} />
      <div class="actions">
        <button type="submit" disabled={save.busy}>{t("app.save")}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t("app.cancel")}</button>
      </div>
    </form>
  );
}
