"""Accessibility at 360 px: axe-core (WCAG 2 A/AA rules) finds no serious or critical violation on the main
screens, and no screen scrolls sideways on a 360 px phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ._support import OPERATOR, PWA, RESIDENT_NIK, RESIDENT_PIN
from .test_operator import login_staff
from .test_resident import login_resident

AXE = PWA / "node_modules" / "axe-core" / "axe.min.js"


def audit(page: Page, where: str) -> list[str]:
    page.wait_for_load_state("networkidle")
    expect(page.locator("main h1").first).to_be_visible()
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    assert len(result["passes"]) > 10, "axe did not run its rules"
    problems = [
        f"{where}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > 360:
        wide = page.evaluate(
            """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)
               .filter(e => !e.closest('.subnav, .table-wrap')).slice(0, 3).map(e => e.outerHTML.slice(0, 120))"""
        )
        problems.append(f"{where}: the page is {width} px wide at a 360 px viewport (too wide: {wide})")
    return problems


@pytest.fixture(autouse=True)
def _needs_axe() -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` in pwa/")


def test_public_screens(page: Page) -> None:
    problems: list[str] = []
    for path in ("/", "/masuk", "/cek-bantuan", "/pasar"):
        page.goto(path)
        problems += audit(page, path)
    assert not problems, "\n".join(problems)


def test_resident_screens(page: Page) -> None:
    login_resident(page, RESIDENT_NIK, RESIDENT_PIN)
    expect(page.get_by_role("heading", name=re.compile("Halo"))).to_be_visible()
    problems = audit(page, "/ (resident)")
    for path in ("/surat", "/surat/baru", "/bantuan", "/akun", "/pasar/keranjang", "/lapak"):
        page.goto(path)
        problems += audit(page, path)
    page.goto("/surat/baru")
    page.get_by_label("Jenis surat").select_option(label="Surat Keterangan Usaha")
    problems += audit(page, "/surat/baru (Surat Keterangan Usaha)")
    assert not problems, "\n".join(problems)


def test_console_screens(page: Page) -> None:
    login_staff(page, OPERATOR)
    expect(page).to_have_url(re.compile(r"/konsol$"))
    problems = audit(page, "/konsol")
    for path in ("/konsol/surat", "/konsol/penduduk", "/konsol/bantuan", "/konsol/pasar", "/konsol/anjungan"):
        page.goto(path)
        problems += audit(page, path)
    assert not problems, "\n".join(problems)


def test_kiosk_screen(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/kiosk?bridge=fake")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious
