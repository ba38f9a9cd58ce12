"""The prescriber report: a print-friendly page and the same content as a PDF download."""

from __future__ import annotations

import os

from flask import Blueprint, Response, render_template, request, send_from_directory, url_for
from flask_login import login_required

from tracker import web
from tracker.errors import Invalid
from tracker.reports import services, words
from tracker.reports.forms import ReportForm
from tracker.trends.ranges import Range

bp = Blueprint("reports", __name__)
bp.add_app_template_global(words, "report_words")  # the share page renders _report.html too


def _chosen(form: ReportForm) -> tuple[Range, int]:
    """The range asked for, or the default one with the error beside its field."""
    if form.validate():
        key = form.range.data if form.range.raw_data else None
        try:
            rng = services.choose_range(
                web.user(), key, now=web.now(), start=form.start.data, end=form.end.data
            )
            form.range.data = rng.key
            return rng, 200
        except Invalid as exc:
            web.place_error(form, exc)
    return services.choose_range(web.user(), None, now=web.now()), 422


def chart_src(rng: Range, key: str = "overview") -> str:
    """A chart of the report's range (the overview, or the PHQ-9/GAD-7 scores), at print size."""
    return url_for(
        "trends.image",
        key=key,
        fmt="svg",
        range="custom",
        start=rng.first.isoformat(),
        end=rng.last.isoformat(),
        size="print",
    )


def _page(form: ReportForm, rng: Range, status: int):  # noqa: ANN202 - a Flask response tuple
    report = services.build_report(
        web.user(), first=rng.first, last=rng.last, now=web.now(), appendix=form.appendix.data
    )
    args = {k: v for k, v in request.args.items() if k in ("range", "start", "end")}
    return render_template(
        "reports/show.html",
        form=form,
        rng=rng,
        report=report,
        chart_src=chart_src(rng),
        scores_src=chart_src(rng, "questionnaires"),
        args=args,
    ), status


@bp.get("/report")
@login_required
def show():
    """The report over a range (default: since the last appointment)."""
    form = ReportForm(request.args)
    rng, status = _chosen(form)
    return _page(form, rng, status)


@bp.get("/report.pdf")
@login_required
def download():
    """The same report as a PDF on A4 or Letter, optionally with every dose."""
    form = ReportForm(request.args)
    rng, status = _chosen(form)
    if status != 200:
        return _page(form, rng, status)
    body = services.report_file(
        web.user(),
        first=rng.first,
        last=rng.last,
        now=web.now(),
        appendix=form.appendix.data,
        paper=form.paper.data,
    )
    response = Response(body, mimetype="application/pdf")
    name = services.file_name(rng.first, rng.last)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/report.css")
def stylesheet() -> Response:
    """The report's styles, for the report page and the share page (no login: no data in it)."""
    return send_from_directory(os.path.join(bp.root_path, "static"), "report.css", max_age=3600)
