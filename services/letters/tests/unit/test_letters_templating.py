import pytest

from balai.letters.lettertypes import CATALOGUE
from balai.letters.templating import (
    TEMPLATE_DIR,
    TemplateRenderError,
    render_letter_html,
    sample_context,
    validate_template,
)

GOOD_CUSTOM = """{% extends "base.html" %}
{% block isi %}<p>Warga tersebut benar membuka usaha {{ fields.nama_usaha }} sejak
{{ fields.mulai_usaha|tanggal }}.</p>{% endblock %}"""


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_builtin_template_renders_and_passes_its_own_check(code):
    lt = CATALOGUE[code]
    ctx = sample_context(lt)
    html = render_letter_html(lt, ctx)
    assert ctx.letter.number in html
    assert ctx.letter.qr_data_uri in html
    assert "Dokumen ini ditandatangani secara elektronik" in html
    assert "DESA MOJOWARNO" in html
    assert validate_template((TEMPLATE_DIR / lt.template).read_text(), lt) == []


def test_signing_on_behalf_prints_an_line():
    lt = CATALOGUE["domisili"]
    html = render_letter_html(lt, sample_context(lt, on_behalf=True))
    assert "a.n. Kepala Desa Mojowarno" in html
    assert "Sekretaris Desa," in html
    assert "a.n." not in render_letter_html(lt, sample_context(lt))


def test_values_are_html_escaped():
    lt = CATALOGUE["keterangan-umum"]
    ctx = sample_context(lt)
    ctx = ctx.model_copy(update={"fields": dict(ctx.fields) | {"isi_keterangan": "<img src=x onerror=alert(1)>"}})
    html = render_letter_html(lt, ctx)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_good_custom_template_is_accepted_and_used():
    lt = CATALOGUE["usaha"]
    assert validate_template(GOOD_CUSTOM, lt) == []
    html = render_letter_html(lt, sample_context(lt), template_source=GOOD_CUSTOM)
    assert "Warga tersebut benar membuka usaha Warung Makan Bu Sri sejak\n1 Juni 2019." in html


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% extends 'base.html' %}{% block isi %}{% if %}{% endblock %}", "syntax error on line 1"),
        ("{% extends 'base.html' %}\n{% block isi %}{{ fields.nama_usaha }{% endblock %}", "syntax error"),
        (
            "{% extends 'base.html' %}{% block isi %}{{ resident.nama_lengkap }}{% endblock %}",
            "unknown name or attribute",
        ),
        ("{% extends 'base.html' %}{% block isi %}{{ fields.tidak_ada }}{% endblock %}", "unknown name or attribute"),
        ("{% extends 'base.html' %}{% block isi %}{{ ''.__class__ }}{% endblock %}", "not allowed"),
        (
            "{% extends 'base.html' %}{% block isi %}{{ ''.__class__.__mro__[1].__subclasses__() }}{% endblock %}",
            "not allowed",
        ),
        ("{% extends 'base.html' %}{% block isi %}{{ fields.update({'a': 1}) }}{% endblock %}", "not allowed"),
        ("{% extends 'base.html' %}{% block isi %}{{ cycler.__init__.__globals__ }}{% endblock %}", "not allowed"),
        (
            "{% extends 'base.html' %}{% block isi %}{% for i in range(5000) %}{% for j in range(5000) %}"
            "{% endfor %}{% endfor %}{% endblock %}",
            "loops too many times",
        ),
        ("{% extends 'base.html' %}{% block isi %}{{ 'x' * 100000000 }}{% endblock %}", "repetition too large"),
        ("{% extends 'base.html' %}{% block isi %}{{ 10 ** 10000000 }}{% endblock %}", "exponent too large"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls itself"),
        ("{% include '/etc/passwd' %}", "template not found"),
        ("<html><body>{{ resident.nama }}</body></html>", "letter number"),
        ("<p>{{ letter.number }}</p>", "QR code"),
        ("   ", "empty"),
    ],
)
def test_broken_or_hostile_templates_are_rejected(source, expected):
    problems = validate_template(source, CATALOGUE["usaha"])
    assert problems, source
    assert any(expected in p for p in problems), problems


def test_render_error_is_one_exception_type():
    lt = CATALOGUE["usaha"]
    with pytest.raises(TemplateRenderError, match="not allowed"):
        render_letter_html(lt, sample_context(lt), template_source="{{ ''.__class__ }}")
