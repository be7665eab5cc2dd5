"""Letter PDF benchmark (not a test): PDFs/second and p50/p95 ms per letter on this machine.

    uv run python services/letters/benchmarks/bench_pdf.py -n 200
    uv run python services/letters/benchmarks/bench_pdf.py -n 400 --workers 4      # process pool
    uv run python services/letters/benchmarks/bench_pdf.py -n 1 --preview /tmp/letters-preview

Each letter is a full ``compose_letter``: field validation, digest, Ed25519 signature, QR PNG, Jinja2 HTML
and the WeasyPrint PDF, cycling through every standard letter type. The first letter of each worker is a
warm-up (imports, font loading) and is reported separately.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from balai.letters.document import compose_letter
from balai.letters.lettertypes import CATALOGUE
from balai.letters.numbering import DEFAULT_NUMBER_FORMAT, format_letter_number
from balai.letters.pdf import WeasyPrintRenderer
from balai.letters.qr import key_id_for, new_verification_code
from balai.letters.templating import sample_context

CODES = sorted(CATALOGUE)


def run(count: int, offset: int = 0, preview: str | None = None) -> tuple[float, list[float]]:
    """Compose ``count`` letters; returns (warm-up ms, per-letter ms after warm-up)."""
    renderer = WeasyPrintRenderer()
    key = Ed25519PrivateKey.generate()
    key_id = key_id_for(key.public_key())
    timings: list[float] = []
    warmup = 0.0
    for i in range(count + 1):
        lt = CATALOGUE[CODES[(offset + i) % len(CODES)]]
        ctx = sample_context(lt, on_behalf=i % 3 == 0)
        start = time.perf_counter()
        number = format_letter_number(
            DEFAULT_NUMBER_FORMAT,
            nomor=offset + i + 1,
            kode_surat=lt.kode_surat,
            kode_desa=ctx.village.code,
            issued_on=ctx.letter.issued_on,
        )
        letter = compose_letter(
            lt,
            village=ctx.village,
            resident=ctx.resident,
            signer=ctx.signer,
            fields=dict(ctx.fields),
            number=number,
            issued_on=ctx.letter.issued_on,
            code=new_verification_code(),
            holder_ref="R-8F3K2M9Q",
            signing_key=key,
            key_id=key_id,
            origin="https://balai.rembangkab.go.id",
            renderer=renderer,
        )
        elapsed = (time.perf_counter() - start) * 1000
        if i == 0:
            warmup = elapsed
        else:
            timings.append(elapsed)
        if preview:
            save_preview(letter.pdf, Path(preview) / f"{lt.code}.png")
    return warmup, timings


def save_preview(pdf: bytes, path: Path) -> None:
    import pypdfium2 as pdfium

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = pdfium.PdfDocument(pdf)
    try:
        doc[0].render(scale=110 / 72).to_pil().save(path)
    finally:
        doc.close()


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, default=100, help="letters to render (after warm-up)")
    parser.add_argument("--workers", type=int, default=1, help="processes rendering in parallel")
    parser.add_argument("--preview", help="folder to save each letter's first page as PNG")
    args = parser.parse_args()

    started = time.perf_counter()
    if args.workers <= 1:
        results = [run(args.count, preview=args.preview)]
    else:
        share = -(-args.count // args.workers)
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            futures = [pool.submit(run, share, w * share) for w in range(args.workers)]
            results = [f.result() for f in futures]
    wall = time.perf_counter() - started

    timings = [t for _, ts in results for t in ts]
    warmups = [w for w, _ in results]
    steady = sum(sum(ts) for _, ts in results) / 1000 / max(1, args.workers)
    say(f"letters: {len(timings)} (+{len(warmups)} warm-up) in {args.workers} process(es), cpus={os.cpu_count()}")
    say(f"warm-up (first letter per process): {statistics.mean(warmups):.0f} ms")
    say(
        f"per letter: p50 {statistics.median(timings):.1f} ms, p95 {_percentile(timings, 95):.1f} ms, "
        f"max {max(timings):.1f} ms"
    )
    say(
        f"throughput: {len(timings) / steady:.1f} PDFs/s steady state, "
        f"{(len(timings) + len(warmups)) / wall:.1f} PDFs/s wall clock incl. start-up"
    )


if __name__ == "__main__":
    main()
