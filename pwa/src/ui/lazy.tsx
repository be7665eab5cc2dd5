import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorAlert, Loading } from "./components";

/** Load a screen's code only when it is first shown (keeps the critical path small). */
export function lazy<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let cached: FunctionComponent<P> | null = null;
  return function Lazy(props: P) {
    const [C, setC] = useState<FunctionComponent<P> | null>(() => cached);
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (C) return;
      load().then(
        (c) => {
          cached = c;
          setC(() => c);
        },
        (e: unknown) => setError(e),
      );
    }, []);
    if (error) return <ErrorAlert error={error} onRetry={() => location.reload()} />;
    return C ? <C {...props} /> : <Loading />;
  };
}
