"""Trends pages: every chart over a chosen range, each chart alone, its images, the changes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.analysis import format_difference, format_value
from tracker.charts.style import SCREEN_SIZES
from tracker.errors import Invalid, NotFound
from tracker.trends import ranges, screens, services
from tracker.trends.cache import ChartCache
from tracker.trends.charts import CHARTS
from tracker.trends.forms import ChangesForm, RangeForm

bp = Blueprint("trends", __name__, url_prefix="/trends")
bp.record_once(lambda state: state.app.extensions.setdefault("chart_cache", ChartCache()))
MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}


def _chosen(form: RangeForm) -> tuple[ranges.Range, int]:
    """The range the form asks for, or the default one with the error beside its field."""
    if form.validate():
        try:
            rng = services.choose_range(
                web.user(), form.range.data, now=web.now(), start=form.start.data, end=form.end.data
            )
            return rng, 200
        except Invalid as exc:
            web.place_error(form, exc)
    return services.choose_range(web.user(), ranges.DEFAULT, now=web.now()), 422


def _args(rng: ranges.Range) -> dict:
    """The query that names a range in links."""
    if rng.key == "custom":
        return {"range": "custom", "start": rng.first.isoformat(), "end": rng.last.isoformat()}
    return {"range": rng.key}


def _text(key: str, rng: ranges.Range) -> services.ChartText:
    try:
        return services.chart_text(web.user(), key, rng, now=web.now())
    except NotFound:
        abort(404)


@bp.get("")
@login_required
def index():
    """All the charts over one range."""
    form = RangeForm(request.args)
    rng, status = _chosen(form)
    charts = [_text(key, rng) for key in CHARTS]
    return render_template(
        "trends/index.html", form=form, rng=rng, args=_args(rng), charts=charts
    ), status


@bp.get("/<key>")
@login_required
def show(key: str):
    """One chart with its data table beside it, and its downloads."""
    form = RangeForm(request.args)
    rng, status = _chosen(form)
    chart = _text(key, rng)
    return render_template("trends/show.html", form=form, rng=rng, args=_args(rng), c=chart), status


@bp.get("/<key>.<any(png, svg):fmt>")
@login_required
def image(key: str, fmt: str):
    """A chart as PNG or SVG; 304 while the user's data has not changed."""
    form = RangeForm(request.args)
    rng, status = _chosen(form)
    size = _size()
    if status != 200 or key not in CHARTS or size not in ("phone", "print", *SCREEN_SIZES):
        abort(404)
    user, now = web.user(), web.now()
    tag = services.chart_etag(user, key, rng, fmt, size, now=now)
    if request.if_none_match.contains(tag):
        return _image_response(Response(status=304), tag)
    cache = _cache()
    body = services.chart_image(user, key, rng, fmt, size, now=now, cache=cache)
    response = _image_response(Response(body, mimetype=MIMETYPES[fmt]), tag)
    if request.args.get("download"):
        name = f"{key}-{rng.first.isoformat()}-{rng.last.isoformat()}.{fmt}"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _size() -> str:
    """The size asked for: a screen width (?w=360; any other width is a 400) or a named one."""
    if "w" not in request.args:
        return request.args.get("size", "phone")
    try:
        return services.screen_size(request.args["w"])
    except Invalid as exc:
        abort(400, str(exc))


def _cache() -> ChartCache:
    return current_app.extensions["chart_cache"]


def _image_response(response: Response, tag: str) -> Response:
    response.set_etag(tag)
    # Kept by the browser but checked with the server every time (the ETag answers it).
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/changes")
@login_required
def changes():
    """Each measure before and after every medication change, onsets and associations."""
    form = ChangesForm(request.args)
    rng, status = _chosen(form)
    days = form.days.data if not form.days.errors else None
    result = services.change_analysis(web.user(), rng, days=days, now=web.now())
    return render_template(
        "trends/changes.html", form=form, rng=rng, args=_args(rng), result=result
    ), status


def chart_url(key: str, fmt: str, args: dict, **extra: str) -> str:
    return url_for("trends.image", key=key, fmt=fmt, **args, **extra)


bp.add_app_template_global(chart_url)
bp.add_app_template_global(screens.sources, "chart_sources")
bp.add_app_template_global(screens.box, "chart_box")
bp.add_app_template_global(screens.WIDE, "chart_wide")


bp.add_app_template_global(format_value, "fmt_value")
bp.add_app_template_global(format_difference, "fmt_difference")
