"""The regency benchmark's report: Markdown with the figures of each profile, the saturation table and a
PNG chart, under benchmarks/reports/."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from _saturation import Saturation

if TYPE_CHECKING:
    from regency import LocustResult


def write_report(
    out: Path,
    args: argparse.Namespace,
    seed_summary: dict[str, Any],
    runs: list[LocustResult],
    lags: dict[str, dict[str, Any]],
    saturation: list[Saturation],
    ceiling: Saturation | None,
) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    md = out / f"regency-{stamp}.md"
    png = out / f"regency-{stamp}.png"
    _chart(png, runs, saturation, ceiling)
    load = os.getloadavg()
    lines = [
        f"# Regency benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Command: `uv run python benchmarks/regency.py {' '.join(sys.argv[1:])}`  ",
        f"Machine: {os.cpu_count()} cores; load generators (Locust, wrk) on the same cores; "
        f"uvicorn {args.workers} workers, all four services in each worker; PostgreSQL, Redis and NATS "
        f"JetStream of this machine. Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}. "
        f"Journeys act in the {args.active_villages or 'all'} busiest villages of the seeded regency.",
        "",
        "## Seeded regency",
        "",
        f"{seed_summary['villages']} villages, {seed_summary['counts'].get('residents', 0):,} residents in "
        f"{seed_summary['counts'].get('families', 0):,} families; "
        f"{seed_summary['counts'].get('beneficiaries', 0):,} aid enrolments; "
        f"{seed_summary['counts'].get('shops', 0):,} shops, {seed_summary['counts'].get('products', 0):,} products; "
        f"{seed_summary['counts'].get('pins', 0):,} PINs and cards; {seed_summary['counts'].get('kiosks', 0)} kiosks.",
        "",
        "| seeding phase | rows | seconds | rows/s |",
        "|---|---:|---:|---:|",
        *(
            f"| {k} | {v['rows']:,.0f} | {v['seconds']} | {v['rows_per_s']:,.0f} |"
            for k, v in seed_summary["phases"].items()
        ),
        "",
    ]
    for run in runs:
        total = run.total
        lines += [
            f"## Profile `{run.profile}`: {run.users} users, {run.seconds} s",
            "",
            f"Total: {total.rps:.1f} req/s, {total.requests:,} requests, {total.failures} failures, "
            f"p50 {total.p50:.0f} ms, p95 {total.p95:.0f} ms, p99 {total.p99:.0f} ms. "
            f"Server CPU {run.server_cpu_s:.1f} s ({run.server_cpu_s * 1000 / max(total.requests, 1):.1f} CPU-ms "
            f"per request), server RSS {run.server_rss_mb:.0f} MB."
            if total
            else "No requests.",
            "",
            "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms |",
            "|---|---:|---:|---:|---:|---:|---:|",
            *(
                f"| {e.name} | {e.requests:,} | {e.failures} | {e.rps:.1f} | {e.p50:.0f} | {e.p95:.0f} | {e.p99:.0f} |"
                for e in sorted(run.endpoints, key=lambda e: -e.requests)
            ),
            "",
        ]
        lag = lags.get(run.profile, {})
        if lag.get("deliveries"):
            lines.append(
                f"Event lag, outbox commit to consumer done: {lag['events']} events, {lag['deliveries']} deliveries, "
                f"p50 {lag['p50_ms']} ms, p95 {lag['p95_ms']} ms, p99 {lag['p99_ms']} ms, max {lag['max_ms']} ms "
                f"({lag['unconsumed']} not consumed by the end)."
            )
        else:
            lines.append(f"Event lag: no event consumed in this window ({lag}).")
        lines.append("")
        flow = run.letters
        if flow.get("signed"):
            lines.append(
                f"Letters: {flow['signed']} signed, {flow['rendered']} PDFs ready ({flow['per_s']} letters/s to PDF "
                f"ready over the run); signing to PDF ready p50 {flow.get('p50_ms', '-')} ms, "
                f"p95 {flow.get('p95_ms', '-')} ms."
            )
        else:
            lines.append(f"Letters: none signed in this window ({flow or 'letters tables not found'}).")
        lines.append("")
        if run.errors:
            lines += ["Failures:", "", *(f"- {e}" for e in run.errors[:15]), ""]
        if run.notes:
            lines += ["Skipped (not published yet):", "", *(f"- {n}" for n in run.notes), ""]
    if saturation:
        lines += [
            f"## Saturation (wrk, {args.connections} connections, {args.wrk_seconds} s each)",
            "",
            "| endpoint | req/s | p50 ms | p99 ms | non-2xx | server CPU-ms/req | share of ceiling |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for s in saturation:
            share = f"{s.rps / ceiling.rps:.1%}" if ceiling and ceiling.rps else "-"
            lines.append(
                f"| {s.name} | {s.rps:,.0f} | {s.p50_ms:.1f} | {s.p99_ms:.1f} | {s.non_2xx:.0f} | "
                f"{s.cpu_ms_per_request:.2f} | {share} |"
            )
        if ceiling:
            lines.append(
                f"| framework ceiling: bare FastAPI JSON | {ceiling.rps:,.0f} | {ceiling.p50_ms:.1f} | "
                f"{ceiling.p99_ms:.1f} | {ceiling.non_2xx:.0f} | {ceiling.cpu_ms_per_request:.2f} | 100% |"
            )
        lines.append("")
    lines += [f"![chart]({png.name})", ""]
    md.write_text("\n".join(lines))
    return md


def _chart(png: Path, runs: list[LocustResult], saturation: list[Saturation], ceiling: Saturation | None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    main = runs[0] if runs else None
    fig, axes = plt.subplots(1, 2, figsize=(15, 6.5))
    if main and main.endpoints:
        eps = sorted(main.endpoints, key=lambda e: -e.requests)[:14]
        names = [e.name for e in eps][::-1]
        y = range(len(names))
        ax = axes[0]
        for offset, (label, values) in enumerate(
            (("p50", [e.p50 for e in eps]), ("p95", [e.p95 for e in eps]), ("p99", [e.p99 for e in eps]))
        ):
            ax.barh([i + offset * 0.27 for i in y], values[::-1], height=0.27, label=label)
        ax.set_yticks([i + 0.27 for i in y], names, fontsize=8)
        ax.set_xlabel("ms")
        ax.set_title(f"Latency per endpoint, profile '{main.profile}' ({main.users} users)")
        ax.legend()
    if saturation:
        ax = axes[1]
        labels = [s.name for s in saturation] + (["bare FastAPI (ceiling)"] if ceiling else [])
        values = [s.rps for s in saturation] + ([ceiling.rps] if ceiling else [])
        ax.barh(range(len(labels)), values, color=["#3b7dd8"] * len(saturation) + ["#999999"] * bool(ceiling))
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.set_xscale("log")
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:,.0f}", va="center", fontsize=8)
        ax.set_xlabel("requests/s at saturation (wrk, same 2 cores; log scale)")
        ax.set_title("Capacity per hot endpoint vs the framework ceiling")
        ax.axvline(45, color="red", linestyle="--", linewidth=1)
        ax.text(45, -0.6, " OpenSID: ~45 req/s for any dynamic page", color="red", fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)
