import { ProblemError, toProblem } from "../api/problem";

export function notAvailable(detail: string): ProblemError {
  return new ProblemError(toProblem(503, { code: "not_available", detail }));
}
