"""The app's own words never advise on medication or claim a cause, and the prescriber report
addresses nobody and judges nothing.

The product shows the data and states associations with numbers; pages for the user may say
"discuss … with your prescriber". Scanned: every template (the raw Jinja source, and again with
its tags blanked so a phrase split by markup is found), every string literal in tracker/ (ast:
constants and f-string parts; docstrings are for developers and left out), the band texts of
every instrument, and rendered pages (questionnaires, Today, the timeline, the report and its
PDF). Every hit is reported with its file, line and phrase.
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.conftest import login, make_user
from tracker import registry
from tracker.extensions import db
from tracker.questionnaires import instruments as ins
from tracker.timeutils import utcnow

ROOT = Path(__file__).resolve().parent.parent
# The report's own code, and each kind's module that words its report section (tracker/kind.py
# `report`) and the measures it reads out (its charts' words).
REPORT_PATHS = (
    "templates/reports/",
    "tracker/reports/",
    *sorted(
        {
            f"{fn.__module__.replace('.', '/')}.py"
            for kind in registry.KINDS
            if kind.report is not None
            for fn in (kind.report, *(chart.describe for chart in kind.charts))
        }
    ),
)
INSTRUMENTS = "tracker/questionnaires/instruments.py"

# (a) Medication-action advice, anywhere in the app's words. Negated advice ("do not stop
# taking") is still advice, so nothing here is excused by a "not" before it.
ADVICE = (
    # A dose change named as data ("around dose reductions") is fine; asked for, it is advice.
    r"\b(discuss(ing)?|consider(ing)?|suggest(s|ed|ing)?|recommend(s|ed|ing)?|advis(e|es|ing)|"
    r"needs?|requires?|warrants?|try|trying|propos(e|es|ing)|ask(ing)?\s+(for|about)|request)\s+"
    r"((a|an|the|any)\s+)?(dose\s+(reduction|increase|decrease|change|adjustment)s?|switch|"
    r"reduction|increase|decrease)\b",
    r"\b(reduc(e|es|ing)|lower(s|ing)?|rais(e|es|ing)|increas(e|es|ing)|decreas(e|es|ing)|"
    r"cut(s|ting)?(\s+down)?|halv(e|es|ing)|doubl(e|es|ing)|adjust(s|ing)?)\s+"
    r"((the|your|a|this|that|one)\s+(\w+\s+)?)?(dose|dosage|medication|medicine|pill|tablet)s?\b",
    r"\ba\s+switch\b",
    r"\bswitch(es)?\s+to\b",
    r"\bswitching\b",
    r"\b(stop|start|keep|continue)(s|ping|ing)?\s+taking\b",
    r"\bstop(s|ping)?\s+(the|your)\s+(medication|medicine|meds|dose|pills?|tablets?)\b",
    r"\b(skip|take)\s+(the\s+)?next\s+dose\b",
    r"\bas\s+soon\s+as\s+you\s+remember\b",
    r"\byou\s+should\b",
    r"\byou\s+(may|might)\s+want\s+to\b",
    r"\bshould\s+(not\s+)?(take|stop|start|reduce|increase|lower|raise|switch|skip|change|try|"
    r"consider|avoid|continue|be\s+(reduced|increased|lowered|raised|stopped|changed|switched|"
    r"tapered))\b",
    r"\bwe\s+(recommend|suggest|advise)\b",
    r"\brecommend(s|ed|ing|ations?)?\b",
    r"(?<!never )(?<!not )\badvis(e|es|ed|ing|able)\b",
    r"\bconsider(s|ing)?\s+(reducing|stopping|switching|increasing|lowering|raising|changing|"
    r"taking|skipping|tapering|another|a\s+(lower|higher|different|new))\b",
    r"\btry(ing)?\s+(taking|stopping|reducing|skipping|switching|another|"
    r"a\s+(lower|higher|different|new))\b",
    r"\bdiscuss(ing)?\s+(reducing|lowering|stopping|switching|increasing|raising|changing|"
    r"tapering|(a|the)\s+(dose|switch))\b",
    r"\b(taper|come|get|wean)(s|ing|ed)?\s+off\b",
)
# (b) Causal words. "due" alone is a dose status ("Due now", "due later"), so only "due to";
# "not causes" / "not a cause" is the disclaimer itself.
CAUSE = (
    r"(?<!not )(?<!never )(?<!not a )(?<!never a )\bcaus(e|ed|es|ing)\b",
    r"\bbecause\s+(of\b|(the|your|a|an)\s+(\w+\s+)?(dose|medication|medicine|drug|increase|"
    r"decrease|reduction|change|switch|taper)\b)",
    r"\bdue\s+to\b",
    r"\b(led|leads?|leading)\s+to\b",
    r"\bresult(s|ed|ing)?\s+in\b",
    r"\bresult\s+of\b",
    r"\btrigger(ed|s)\b",
    r"\bside[- ]effects?\s+of\b",
    r"\beffects?\s+of\s+(the|your|this|that)\s+(\w+\s+)?(dose|medication|medicine|drug|"
    r"increase|decrease|reduction|change|switch|taper)\b",
    r"\b(thanks\s+to|responsible\s+for|attribut(able|ed)\s+to|brought\s+on\s+by|"
    r"induced\s+by|provoked\s+by)\b",
    r"\b[\w-]+-induced\b",
    r"\b(made|makes|making)\s+(you|me|it|things|them)\s+(feel\s+)?(worse|better)\b",
    r"\b(worsened|improved|relieved)\s+by\b",
)
# (c) The report is read by the prescriber: no "you" (not the patient, not the prescriber),
# no instruction, no clinical judgement. "as needed" is a dose kind and stays.
REPORT = (
    r"\byou(r|rs|rself|rselves)?\b",
    r"\bplease\b",
    r"\bask\s+about\b",
    r"\bshould\b",
    r"\bconsider\b",
    r"\bno\s+action\b",
    r"\b(action|change|treatment|follow[- ]?up)s?\s+((is|are)\s+)?(not\s+)?(needed|required|"
    r"necessary|warranted)\b",
    r"\bneeds?\s+((immediate|urgent)\s+)?(attention|review|follow[- ]?up|action)\b",
    r"\bnormal(ly)?\b",
    r"\bnothing\s+to\s+worry\b",
    r"\bno\s+(cause\s+for\s+)?concern\b",
    r"\b(reassuring|concerning|worrying|worrisome|alarming)\b",
    r"\b(good|poor|bad|excellent)\s+(adherence|control|response)\b",
)


@dataclass(frozen=True)
class Allowed:
    path: str
    phrase: str  # exact text around the hit, as written in the file
    reason: str


ALLOWED = (
    Allowed(
        INSTRUMENTS,
        "side effects due to your medication",
        "FIBSER's own wording (the original reads 'due to this antidepressant'): the instrument "
        "asks the user to rate what they put down to their medication; the app claims nothing",
    ),
    Allowed(
        INSTRUMENTS,
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        "PHQ-9 item 9, public domain and kept word for word; the report's safety box is about it",
    ),
    Allowed(
        "templates/reports/show.html",
        "Share with your prescriber",
        "a button on the owner's page around the report, not the report: neither the PDF nor "
        "the shared link shows it",
    ),
    Allowed(
        "tracker/logs.py",
        "Which caused:",
        "the server log's label for a chained exception, never shown to a user",
    ),
)


@dataclass(frozen=True)
class Source:
    path: str  # relative to the project, or "rendered <url>"
    text: str
    first_line: int = 1  # the line of text[0]
    lines: tuple[str, ...] = ()  # the source lines a string literal spans, to place a hit


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    phrase: str
    text: str
    start: int
    end: int

    def __str__(self) -> str:
        phrase = " ".join(self.phrase.split())
        if self.path.startswith("rendered"):
            context = self.text[max(0, self.start - 60) : self.end + 60].strip()
            return f"{self.path}: {phrase!r} in '…{context}…'"
        return f"{self.path}:{self.line}: {phrase!r}"


def _blank(match: re.Match) -> str:
    """Spaces for everything but newlines, so offsets and line numbers stay."""
    return re.sub(r"[^\n]", " ", match.group())


def template_sources(root: Path) -> Iterator[Source]:
    """Each template with Jinja comments blanked; and again with its tags blanked too."""
    for path in sorted((root / "templates").rglob("*.html")):
        text = re.sub(r"\{#.*?#\}", _blank, path.read_text(), flags=re.S)
        rel = path.relative_to(root).as_posix()
        yield Source(rel, text)
        yield Source(rel, re.sub(r"<[^>]*>|\{[{%].*?[%}]\}", _blank, text, flags=re.S))


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            found.add(id(body[0].value))
    return found


def python_sources(root: Path, folder: str = "tracker") -> Iterator[Source]:
    """Every string literal of every module; an f-string as one text, "{}" for each value."""
    for path in sorted((root / folder).rglob("*.py")):
        source = path.read_text()
        tree, lines = ast.parse(source), source.splitlines()
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.JoinedStr):
                skip.update(id(v) for v in node.values)
                parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
                text = "".join(parts)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            span = tuple(lines[node.lineno - 1 : node.end_lineno])
            yield Source(path.relative_to(root).as_posix(), text, node.lineno, span)


def _place(source: Source, start: int, end: int) -> int:
    """The line a hit is on: by offset in a template, by its words in a string literal."""
    if not source.lines:
        return source.first_line + source.text.count("\n", 0, start)
    words = source.text[start:end].split()
    for probe in (" ".join(words), words[0]):
        for offset, line in enumerate(source.lines):
            if probe.lower() in line.lower():
                return source.first_line + offset
    return source.first_line


def _spans(text: str, patterns: Sequence[str]) -> list[tuple[int, int]]:
    """Where the patterns match, overlapping matches merged ("no action" + "action needed")."""
    found = sorted(m.span() for p in patterns for m in re.finditer(p, text, flags=re.IGNORECASE))
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def scan(sources: Iterable[Source], patterns: Sequence[str]) -> list[Hit]:
    """Every match, once per place (a template is read twice: raw and without its tags)."""
    hits: dict[tuple[str, int, int], Hit] = {}
    for source in sources:
        for start, end in _spans(source.text, patterns):
            line = _place(source, start, end)
            hit = Hit(source.path, line, source.text[start:end], source.text, start, end)
            hits.setdefault((hit.path, hit.line, hit.start), hit)
    return sorted(hits.values(), key=lambda h: (h.path, h.line, h.start))


def allowed_by(hit: Hit) -> Allowed | None:
    for entry in ALLOWED:
        if entry.path != hit.path:
            continue
        for m in re.finditer(re.escape(entry.phrase), hit.text):
            if m.start() <= hit.start and hit.end <= m.end():
                return entry
    return None


def offending(hits: Iterable[Hit]) -> list[str]:
    return [str(h) for h in hits if allowed_by(h) is None]


def _literal_line(text: str) -> int:
    """The line of instruments.py where a band text is written (0 if built, not written)."""
    for number, line in enumerate((ROOT / INSTRUMENTS).read_text().splitlines(), start=1):
        if f'"{text}"' in line:
            return number
    return 0


def band_sources() -> list[Source]:
    """Every band text every instrument can give, as the pages, the API and the report show it."""
    texts = {
        text
        for key, instrument in ins.INSTRUMENTS.items()
        for value in range(0, (instrument.max_total or instrument.items[-1].top) + 1)
        if (text := ins.band(key, value))
    }
    return [Source(INSTRUMENTS, t, _literal_line(t) or 1) for t in sorted(texts)]


def report_instrument_sources() -> list[Source]:
    """What the report shows or quotes from the instruments: bands and PHQ-9 item 9."""
    item9 = ins.PHQ9_INSTRUMENT.items[ins.ITEM9 - 1]
    texts = [item9.text, *(label for _, label in item9.answers), ins.item9_flag(3) or ""]
    return band_sources() + [Source(INSTRUMENTS, t, _literal_line(t) or 1) for t in texts]


@cache
def app_sources(root: Path = ROOT) -> tuple[Source, ...]:
    return (*template_sources(root), *python_sources(root))


def report_sources(root: Path = ROOT) -> list[Source]:
    return [s for s in app_sources(root) if s.path.startswith(REPORT_PATHS)]


def visible_text(page: str, *, start: str | None = None, end: str | None = None) -> str:
    """A page's words without markup; the instruments' own wording is checked where written."""
    if start is not None:
        page = page[page.index(start) : page.rindex(end) if end else None]
    text = html.unescape(re.sub(r"<[^>]*>", " ", page))
    for instrument in ins.INSTRUMENTS.values():
        for words in (instrument.stem, *(item.text for item in instrument.items)):
            text = text.replace(words, " ")
    return re.sub(r"\s+", " ", text)


def _failure(title: str, hits: Sequence[str]) -> str:
    return f"{title} ({len(hits)}):\n  " + "\n  ".join(hits)


def _record(app, uid: int, answers: dict[str, list[list[int]]]) -> list[int]:  # noqa: ANN001
    from tracker.auth.models import User
    from tracker.questionnaires import services

    with app.app_context():
        user, now = db.session.get(User, uid), utcnow()
        ids = [
            services.record_answers(user, key, values, now=now).id
            for key, rows in answers.items()
            for values in rows
        ]
        db.session.commit()
    return ids


def _get(client, url: str) -> str:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _user_pages(app, client) -> list[Source]:  # noqa: ANN001
    """The pages that show band texts: a result at every FIBSER band, PHQ-9 and GAD-7
    results, the history, Today and the timeline."""
    uid = make_user(app)
    fibser = [[b, b, b] for b in (1, 3, 5)]
    ids = _record(app, uid, {"fibser": fibser, "phq9": [[2] * 8 + [0]], "gad7": [[1] * 7]})
    login(client)
    urls = ["/questionnaires", "/today", "/timeline", *(f"/questionnaires/{i}" for i in ids)]
    return [Source(f"rendered {url}", visible_text(_get(client, url))) for url in urls]


def test_no_medication_advice_or_cause_in_the_apps_words(app, client):
    hits = offending(scan([*app_sources(), *band_sources()], ADVICE + CAUSE))
    hits += offending(scan(_user_pages(app, client), ADVICE + CAUSE))
    assert hits == [], _failure("Medication advice or a cause in the app's own words", hits)


def _report_renderings(app, client) -> list[Source]:  # noqa: ANN001
    """The report of a small history with a FIBSER at every band, as a page and as a PDF."""
    from tests.reports.factories import get_user, history, pdf_pages

    uid = make_user(app)
    with app.app_context():
        user, now = get_user(uid), utcnow()
        history(user, now=now, question="Is the fog worse in the mornings?")
        _vitals_and_labs(user, now)
        db.session.commit()
    _record(app, uid, {"fibser": [[1, 1, 1], [3, 3, 3], [5, 5, 5]]})
    login(client)
    page = visible_text(
        _get(client, "/report?range=30"), start='<article class="report"', end="</article>"
    )
    response = client.get("/report.pdf?range=30")
    assert response.status_code == 200
    pdf = re.sub(r"\s+", " ", " ".join(pdf_pages(response.data)))
    return [Source("rendered /report", page), Source("rendered /report.pdf", pdf)]


def _vitals_and_labs(user, now) -> None:  # noqa: ANN001
    """Weights and blood pressures, a lithium level above the lab's range and one without a
    range, so the report's vitals and lab results sections are read rendered too."""
    from datetime import timedelta

    from tracker.labs.services import LabFields, record_lab
    from tracker.vitals.services import VitalFields, record_vitals

    for n, (kg, systolic) in enumerate(((81.0, 124), (82.6, 131))):
        at = now - timedelta(days=20 - 10 * n)
        fields = VitalFields(at=at, weight=kg, systolic=systolic, diastolic=84, pulse=70)
        record_vitals(user, fields, now=now)
    for n, (value, low, high) in enumerate(((1.3, 0.6, 1.2), (0.9, None, None))):
        at = now - timedelta(days=12 - 6 * n)
        fields = LabFields(
            test="lithium",
            value=value,
            unit="mmol/L",
            ref_low=low,
            ref_high=high,
            at=at,
            last_dose_at=at - timedelta(hours=12),
        )
        record_lab(user, fields, now=now)


def test_report_addresses_nobody_and_judges_nothing(app, client):
    hits = offending(scan([*report_sources(), *report_instrument_sources()], REPORT))
    rendered = _report_renderings(app, client)
    assert all("outside the lab's range" in source.text for source in rendered)
    assert all("Weight 82.6 kg on" in source.text for source in rendered)
    hits += offending(scan(rendered, REPORT + ADVICE + CAUSE))
    assert hits == [], _failure("The report addresses someone or judges", hits)


PLANTED = {
    "templates/reports/_planted.html": (
        "{# a comment: you should reduce the dose #}\n"
        "<p>Burden 5–6: Discuss a dose reduction or a switch with your prescriber.</p>\n"
        "<p>Due now · due later · as needed · associations, not causes.</p>\n"
    ),
    "templates/today/_planted.html": (
        "<p>Discuss your scores with your prescriber.</p>\n"
        "<p>Fog rose <em>due</em>\n to the increase.</p>\n"
    ),
    "tracker/reports/planted.py": (
        '"""A docstring: you should stop taking it."""\n'
        'NOTE = "No action needed."\n'
        "\n\n"
        "def sentence(dose):\n"
        "    return (\n"
        '        f"Fog went up due to the increase to {dose} mg; "\n'
        '        "ask your prescriber."\n'
        "    )\n"
    ),
}


def _planted(tmp_path: Path) -> Path:
    for name, text in PLANTED.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def _found(hits: Iterable[Hit]) -> set[tuple[str, int, str]]:
    return {(h.path, h.line, " ".join(h.phrase.lower().split())) for h in hits}


def test_the_scanner_catches_planted_advice_causes_and_address(tmp_path):
    root = _planted(tmp_path)
    advice = _found(scan(app_sources(root), ADVICE + CAUSE))
    assert advice == {
        ("templates/reports/_planted.html", 2, "discuss a dose reduction"),
        ("templates/reports/_planted.html", 2, "a switch"),
        ("templates/today/_planted.html", 2, "due to"),  # split by a tag and a line break
        ("tracker/reports/planted.py", 7, "due to"),
    }
    report = _found(scan(report_sources(root), REPORT))
    assert report == {
        ("templates/reports/_planted.html", 2, "your"),
        ("tracker/reports/planted.py", 2, "no action needed"),
        ("tracker/reports/planted.py", 8, "your"),
    }


def test_the_report_scan_reads_rendered_text_too():
    page = visible_text("<p>Fog 6/10.</p><p><b>No action</b> needed; please discuss.</p>")
    assert _found(scan([Source("rendered /report", page)], REPORT)) == {
        ("rendered /report", 1, "no action needed"),
        ("rendered /report", 1, "please"),
    }


def test_every_allow_list_entry_is_still_needed():
    hits = scan([*app_sources(), *band_sources()], ADVICE + CAUSE)
    hits += scan([*report_sources(), *report_instrument_sources()], REPORT)
    used = {allowed_by(h) for h in hits}
    assert [entry.phrase for entry in ALLOWED if entry not in used] == []
