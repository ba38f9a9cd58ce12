"""User text in labels is shown as typed: a $ never switches matplotlib into mathtext."""

from __future__ import annotations

from datetime import date

import matplotlib.mathtext
import pytest
from matplotlib import cbook

from tests.charts import factories as f
from tests.charts.test_render import assert_valid, texts
from tracker.charts.render.base import new_figure, plain, styled, to_bytes
from tracker.charts.series import Change, Frame

MEDICATION = "A$B$C"
NOTE = "$x^2$"


def dollar_frame() -> Frame:
    return Frame(
        f.FIRST,
        f.LAST,
        [Change(f.CHANGE_DAY, f"{MEDICATION} 1 → 2 mg"), Change(date(2025, 9, 9), NOTE)],
    )


DOLLAR_SERIES = {
    "mood": lambda: f.mood(),
    "side_effects": lambda: f.side_effects(name=NOTE),
    "doses": lambda: f.doses(name=MEDICATION),
    "adherence": lambda: f.adherence(),
    "sleep": lambda: f.sleep(),
    "activity": lambda: f.activity(practice=NOTE),
    "therapy": lambda: f.therapy(modality=MEDICATION),
    "questionnaires": lambda: f.questionnaires(),
    "overview": lambda: f.overview(),
    "vitals": lambda: f.vitals(),  # no user text of its own; the change key is the frame's
}


@pytest.fixture
def no_mathtext(monkeypatch):
    """Any attempt to lay out or draw mathtext fails the test."""

    def refuse(self, s, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        raise AssertionError(f"mathtext parsed: {s!r}")

    monkeypatch.setattr(matplotlib.mathtext.MathTextParser, "parse", refuse)


def test_plain_escapes_every_dollar():
    assert plain("A$B$C") == r"A\$B\$C"
    assert plain(NOTE) == r"\$x^2\$"
    assert not cbook.is_math_text(plain(NOTE))


def test_the_trap_catches_unescaped_mathtext(no_mathtext):
    fig = new_figure("phone", 1)
    fig.text(0.1, 0.5, NOTE)
    with pytest.raises(AssertionError, match="mathtext parsed"):
        to_bytes(fig, "png")


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("chart", f.CHARTS, ids=lambda c: c.name)
def test_dollar_signs_in_user_text_never_produce_math(chart, fmt, no_mathtext):
    series = DOLLAR_SERIES[chart.name]()
    fig = chart.figure(series, dollar_frame())
    shown = texts(fig)
    assert not [t.get_text() for t in shown if cbook.is_math_text(t.get_text())]
    with styled():
        assert_valid(to_bytes(fig, fmt), fmt)
    assert_valid(chart.render(series, dollar_frame(), fmt), fmt)


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("doses", r"A\$B\$C"),
        ("therapy", r"A\$B\$C"),
        ("side_effects", r"\$x^2\$"),
        ("activity", r"\$x^2\$"),
        ("mood", r"\$x^2\$"),  # the change key
    ],
)
def test_user_text_reaches_the_figure_escaped(name, escaped):
    chart = next(c for c in f.CHARTS if c.name == name)
    text = "\n".join(
        t.get_text() for t in texts(chart.figure(DOLLAR_SERIES[name](), dollar_frame()))
    )
    assert escaped in text
