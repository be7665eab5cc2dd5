import type { ComponentChildren, JSX } from "preact";
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { messageOf } from "../api/problem";
import { useT } from "../i18n";

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "onInput" | "value" | "label" | "type" | "inputMode" | "autoComplete" | "required" | "pattern" | "maxLength"> & {
  label: string;
  value: string;
  onValue: (v: string) => void;
  help?: string | undefined;
  error?: string | undefined;
  type?: string;
  inputMode?: string;
  autoComplete?: string;
  required?: boolean;
  pattern?: string;
  maxLength?: number;
};

/** A labelled input with its help text and error wired up for screen readers. */
export function Field({ label, value, onValue, help, error, ...rest }: InputProps) {
  const id = useId();
  const describedBy = [help ? `${id}-h` : "", error ? `${id}-e` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(e) => onValue((e.target as HTMLInputElement).value)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
        {...(rest as JSX.InputHTMLAttributes<HTMLInputElement>)}
      />
      {help && (
        <span class="help" id={`${id}-h`}>
          {help}
        </span>
      )}
      {error && (
        <span class="err" id={`${id}-e`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function TextArea(props: { label: string; value: string; onValue: (v: string) => void; help?: string; error?: string; required?: boolean; maxLength?: number }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        value={props.value}
        required={props.required}
        maxLength={props.maxLength}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.help ? `${id}-h` : undefined}
        onInput={(e) => props.onValue((e.target as HTMLTextAreaElement).value)}
      />
      {props.help && <span class="help" id={`${id}-h`}>{props.help}</span>}
      {props.error && <span class="err">{props.error}</span>}
    </div>
  );
}

export function Select(props: {
  label: string;
  value: string;
  onValue: (v: string) => void;
  options: readonly { value: string; label: string }[];
  placeholder?: string;
  required?: boolean;
  error?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        onChange={(e) => props.onValue((e.target as HTMLSelectElement).value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error && <span class="err">{props.error}</span>}
    </div>
  );
}

export function Alert({ kind = "error", children }: { kind?: "error" | "info" | "ok" | "warn"; children: ComponentChildren }) {
  return (
    <div class={`alert ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert>
      {messageOf(error)}
      {onRetry && (
        <>
          {" "}
          <button type="button" class="link" onClick={onRetry}>
            {t("app.retry")}
          </button>
        </>
      )}
    </Alert>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p class="muted" role="status" aria-live="polite">
      {t("app.loading")}
    </p>
  );
}

export function Pill({ kind = "", children }: { kind?: "" | "ok" | "warn" | "bad" | "info"; children: ComponentChildren }) {
  return <span class={`pill ${kind}`}>{children}</span>;
}

/**
 * One more thing to say before an action ("why?", "tracking number"), asked in the page rather than with
 * `prompt()`: it keeps the app's look and language, works with the on-screen keyboard, and can be labelled.
 */
export function AskOne(props: {
  label: string;
  action: string;
  required?: boolean;
  maxLength?: number;
  busy?: boolean;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [value, setValue] = useState("");
  return (
    <form class="ask" aria-label={props.action} onSubmit={(e) => { e.preventDefault(); props.onSubmit(value.trim()); }}>
      <Field label={props.label} value={value} onValue={setValue} required={props.required ?? false}
        {...(props.maxLength ? { maxLength: props.maxLength } : {})} />
      <div class="actions">
        <button type="submit" disabled={props.busy}>{props.action}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t("app.cancel")}</button>
      </div>
    </form>
  );
}

/**
 * A table that may be wider than a 360 px phone: it scrolls sideways, and can be focused and scrolled with
 * the keyboard (a named region, WCAG 2.1.1).
 */
export function TableWrap({ label, children, style }: { label: string; children: ComponentChildren; style?: string }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0} {...(style ? { style } : {})}>
      {children}
    </div>
  );
}

export function Page({ title, children, back }: { title: string; children: ComponentChildren; back?: string }) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} — Balai`;
  }, [title]);
  return (
    <>
      {back && (
        <p class="small">
          <a href={back}>← {t("app.back")}</a>
        </p>
      )}
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </>
  );
}

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  set: (v: T) => void;
}

/** Run `load` on mount and whenever `deps` change; ignore answers that arrive after a newer call. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const seq = useRef(0);
  const run = useCallback(() => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => n === seq.current && setState({ data, error: null, loading: false }),
      (error: unknown) => n === seq.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run, set: (data: T) => setState({ data, error: null, loading: false }) };
}

/** A submit handler with busy and error state. */
export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await fn(...args);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}

const paths: Record<string, string> = {
  home: "M3 11 12 4l9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z",
  letter: "M6 2h9l5 5v15H6zM14 2v6h6M9 13h8M9 17h8M9 9h3",
  aid: "M12 21s-8-5.2-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.8-8 11-8 11z",
  market: "M3 9h18l-1.5 11h-15zM8 9V6a4 4 0 0 1 8 0v3",
  user: "M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm-8 9a8 8 0 0 1 16 0",
  card: "M3 6h18v12H3zM3 10h18M6 15h5",
  search: "M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM15.5 15.5 21 21",
  cart: "M3 4h2l2.5 11h11L21 7H7M9 20a1 1 0 1 0 0-2 1 1 0 0 0 0 2zm9 0a1 1 0 1 0 0-2 1 1 0 0 0 0 2z",
  shop: "M4 9h16v11H4zM3 4h18l1 5H2zM9 20v-6h6v6",
  print: "M7 9V3h10v6M7 17H4V9h16v8h-3M7 14h10v7H7z",
  clock: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2",
  chart: "M4 20V10M10 20V4M16 20v-7M22 20H2",
  notice: "M3 10v4h3l8 5V5l-8 5zM17.5 9a4 4 0 0 1 0 6M7 14l1.5 6h3L10 15.2",
};

export function Icon({ name, label }: { name: keyof typeof paths | string; label?: string }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"
      aria-hidden={label ? undefined : "true"} role={label ? "img" : undefined} aria-label={label}>
      <path d={paths[name] ?? ""} />
    </svg>
  );
}
