"""Regenerate Balai's compact region table from the `idn-area-data` npm package.

The identity service ships `src/balai/identity/data/regions.tsv.gz`: one line per region,
``<dotted Kemendagri code>\\t<name>``, sorted by code, covering provinces, regencies (kabupaten/kota),
districts (kecamatan) and villages (desa/kelurahan). The hierarchy is implied by the code itself
(``33`` > ``33.17`` > ``33.17.09`` > ``33.17.09.2016``); this script checks that the package's parent
columns agree with that before writing anything. Islands are not included.

Usage (the npm package is installed outside the repository)::

    mkdir -p /tmp/idn && (cd /tmp/idn && npm install idn-area-data)
    uv run python services/identity/scripts/build_regions.py /tmp/idn/node_modules/idn-area-data

The output is byte-for-byte reproducible (gzip mtime 0), so re-running it on the same package version
leaves git clean. ATTRIBUTION.md beside the data is rewritten with the package version.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "src" / "balai" / "identity" / "data"
OUTPUT = DATA_DIR / "regions.tsv.gz"
ATTRIBUTION = DATA_DIR / "ATTRIBUTION.md"

# file name, expected header, code pattern
LEVELS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("provinces.csv", ("code", "name"), r"\d{2}"),
    ("regencies.csv", ("code", "province_code", "name"), r"\d{2}\.\d{2}"),
    ("districts.csv", ("code", "regency_code", "name"), r"\d{2}\.\d{2}\.\d{2}"),
    ("villages.csv", ("code", "district_code", "name"), r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
)

ATTRIBUTION_TEXT = """\
# Region data attribution

`regions.tsv.gz` in this folder is derived from the **{name}** npm package, version **{version}**
(<https://github.com/fityannugroho/idn-area-data>, by Fityan and contributors), which compiles the
administrative areas of Indonesia (provinces, regencies, districts, villages with their Kemendagri codes)
from official government sources.

- The package's data is made available under the **Open Database License (ODbL) v1.0**
  (<https://opendatacommons.org/licenses/odbl/1-0/>); the package's code is MIT-licensed.
- Our derived database (`regions.tsv.gz`: codes and names of provinces, regencies, districts and
  villages; islands omitted; reformatted as tab-separated text, gzip-compressed) is likewise made
  available under the ODbL v1.0. Any further derivative of it must keep this attribution and the same
  licence.
- Regenerate it with `services/identity/scripts/build_regions.py` (see its docstring).

Counts in this build: {counts}.
"""


def _read_level(path: Path, header: tuple[str, ...], pattern: str) -> list[tuple[str, str, str | None]]:
    """Rows of one level as (code, name, parent code or None)."""
    code_re = re.compile(pattern)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        first = tuple(next(reader))
        if first != header:
            raise SystemExit(f"{path.name}: unexpected header {first!r}, expected {header!r}")
        rows: list[tuple[str, str, str | None]] = []
        for lineno, rec in enumerate(reader, start=2):
            if len(rec) != len(header):
                raise SystemExit(f"{path.name}:{lineno}: expected {len(header)} fields, got {rec!r}")
            code, name = rec[0].strip(), rec[-1].strip()
            parent = rec[1].strip() if len(header) == 3 else None
            if not code_re.fullmatch(code) or not name or "\t" in name:
                raise SystemExit(f"{path.name}:{lineno}: bad record {rec!r}")
            if parent is not None and code.rsplit(".", 1)[0] != parent:
                raise SystemExit(f"{path.name}:{lineno}: code {code} does not sit under {parent}")
            rows.append((code, name, parent))
    return rows


def build(package_dir: Path) -> dict[str, int]:
    meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    data_dir = package_dir / "data"
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for filename, header, pattern in LEVELS:
        rows = _read_level(data_dir / filename, header, pattern)
        for code, name, parent in rows:
            if code in names:
                raise SystemExit(f"{filename}: duplicate code {code}")
            if parent is not None and parent not in names:
                raise SystemExit(f"{filename}: {code} has unknown parent {parent}")
            names[code] = name
        counts[filename.removesuffix(".csv")] = len(rows)

    text = io.StringIO()
    for code in sorted(names):
        text.write(f"{code}\t{names[code]}\n")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(buf.getvalue())
    ATTRIBUTION.write_text(
        ATTRIBUTION_TEXT.format(
            name=meta["name"],
            version=meta["version"],
            counts=", ".join(f"{n} {k}" for k, n in counts.items()),
        ),
        encoding="utf-8",
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("package_dir", type=Path, help="path to node_modules/idn-area-data")
    args = parser.parse_args(argv)
    counts = build(args.package_dir)
    size = OUTPUT.stat().st_size
    sys.stdout.write(f"wrote {OUTPUT} ({size} bytes): {counts}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
