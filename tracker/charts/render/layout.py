"""The hand layout: panels, heading and change key placed in inches from measured labels.

Constrained layout would do this on every save with an extra draw of the whole figure only to
measure it, then a solver; a chart built here is measured once, on the renderer that then
draws it, and saved with a single draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from tracker.charts import style

HEADING, KEY, TWIN = "heading", "change key", "twin"  # the artist labels arrange() looks for
_SPILL_PASSES = 4


@dataclass(frozen=True)
class _Reach:
    """How far, in inches, a panel's tick labels, axis labels, titles and numbers reach past
    its axes on each side."""

    left: float
    right: float
    above: float
    below: float


def _panels(fig: Figure) -> list[list[Axes]]:
    """The figure's panels top to bottom, each with the twin y axes sharing its place."""
    rows: dict[int, list[Axes]] = {}
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is not None:
            rows.setdefault(spec.rowspan.start, []).append(ax)
    return [sorted(rows[n], key=lambda ax: ax.get_label() == TWIN) for n in sorted(rows)]


def _notes(panel: Sequence[Axes], renderer: RendererBase) -> list[Bbox]:
    """Texts placed in data or axes coordinates: change numbers, bar labels, empty-panel notes."""
    return [t.get_window_extent(renderer) for ax in panel for t in ax.texts if t.get_visible()]


def _reach(panel: Sequence[Axes], renderer: RendererBase) -> _Reach:
    """The notes count above and below only: sideways they move with the axes, so they are
    checked once the panels are placed (_spill)."""
    inner = panel[0].bbox
    # Only the axes' own labels can reach outside them (data artists are clipped to the axes);
    # measuring just those spares walking every line, band and mark of the panel.
    boxes = [
        box
        for ax in panel
        for axis in (ax.xaxis, ax.yaxis)
        if axis.get_visible() and (box := axis.get_tightbbox(renderer, for_layout_only=True))
    ]
    boxes += [
        child.get_window_extent(renderer)  # the titles: the axes' texts that are not notes
        for ax in panel
        for child in ax.get_children()
        if isinstance(child, Text) and child not in ax.texts and child.get_text()
    ]
    sideways = Bbox.union([box for box in boxes if box is not None] + [inner])
    tall = Bbox.union([sideways, *_notes(panel, renderer)])
    dpi = panel[0].get_figure(root=True).dpi
    return _Reach(
        left=max(inner.x0 - sideways.x0, 0) / dpi,
        right=max(sideways.x1 - inner.x1, 0) / dpi,
        above=max(tall.y1 - inner.y1, 0) / dpi,
        below=max(inner.y0 - tall.y0, 0) / dpi,
    )


def _labelled(fig: Figure, label: str) -> Artist | None:
    return next((a for a in [*fig.legends, *fig.texts] if a.get_label() == label), None)


def _height(artist: Artist | None, renderer: RendererBase, gap: float) -> float:
    """Inches of height an artist takes, with its gap; nothing when there is no artist."""
    if artist is None:
        return 0.0
    return artist.get_window_extent(renderer).height / artist.get_figure(root=True).dpi + gap


def _place(artist: Artist | None, fig: Figure, at: tuple[float, float]) -> None:
    """Anchor the heading by its top left, the change key by its bottom left (figure fractions)."""
    if isinstance(artist, Legend):
        artist.set_bbox_to_anchor(at, transform=fig.transFigure)
    elif artist is not None:
        artist.set_position(at)


@dataclass
class _Stack:
    """The panels with their reach and height ratios, and where the stack starts."""

    panels: list[list[Axes]]
    reach: list[_Reach]
    ratios: list[float]
    top: float  # inches from the bottom of the figure to the top of the first panel's reach
    scale: float  # inches of axes height per unit of height ratio

    def place(self, fig: Figure, left: float, right: float) -> None:
        width, height = fig.get_size_inches()
        top = self.top
        for panel, reach, ratio in zip(self.panels, self.reach, self.ratios, strict=True):
            top -= reach.above + ratio * self.scale
            box = [left / width, top / height, 1 - (left + right) / width]
            panel[0].set_position([*box, ratio * self.scale / height])  # twins follow
            top -= reach.below + style.PANEL_GAP

    def spill(self, fig: Figure, renderer: RendererBase) -> tuple[float, float]:
        """Inches the notes reach past the figure's padded left and right edges."""
        boxes = [box for panel in self.panels for box in _notes(panel, renderer)]
        if not boxes:
            return 0.0, 0.0
        union = Bbox.union(boxes)
        pad = style.PAD * fig.dpi
        return (
            max(pad - union.x0, 0) / fig.dpi,
            max(union.x1 - (fig.bbox.width - pad), 0) / fig.dpi,
        )


def _stack(
    fig: Figure,
    renderer: RendererBase,
    head: float,
    key: float,
    most: float | None,
    fit: float = style.MIN_FIT_SHARE,
) -> _Stack:
    """Measure the panels; the figure grows when its labels leave the panels too little room,
    and shrinks to `most` inches high when given, as far as its panels keep MIN_FIT_SHARE."""
    panels = _panels(fig)
    reach = [_reach(panel, renderer) for panel in panels]
    ratios = list(panels[0][0].get_subplotspec().get_gridspec().get_height_ratios())
    fixed = 2 * style.PAD + head + key + style.PANEL_GAP * (len(panels) - 1)
    fixed += sum(r.above + r.below for r in reach)
    width, height = fig.get_size_inches()
    least = style.MIN_PANEL_SHARE if most is None else fit
    if most is not None:
        height = most
    height = max(height, fixed + least * sum(ratios))
    if height != fig.get_size_inches()[1]:
        fig.set_size_inches(width, height)
    scale = (height - fixed) / sum(ratios)
    return _Stack(panels, reach, ratios, height - style.PAD - head, scale)


def _upright(stack: _Stack, renderer: RendererBase) -> bool:
    """When a y label is longer than its panel is high (flat printed panels), turn every y
    label of the chart upright, alike: they then take width beside the panels instead of
    spilling over the panels above and below. Whether they were turned."""
    labels = []
    too_long = False
    for panel, ratio in zip(stack.panels, stack.ratios, strict=True):
        room = ratio * stack.scale * panel[0].get_figure(root=True).dpi
        for ax in panel:
            label = ax.yaxis.label
            if label.get_text() and label.get_rotation() == 90:
                labels.append((label, ax.yaxis.get_label_position() == "right"))
                too_long = too_long or label.get_window_extent(renderer).height > room
    if not too_long:
        return False
    for label, right in labels:
        label.set(rotation=0, va="center", ha="left" if right else "right")
        text = label.get_text()
        if "\n" not in text:  # "Efficiency (%)": the unit on a line of its own
            label.set_text(text.replace(" (", "\n(", 1))
    return True


def arrange(fig: Figure, most: float | None = None, fit: float = style.MIN_FIT_SHARE) -> Figure:
    """Lay a chart out by hand: the heading at the top, the change key at the bottom, the
    panels stacked between them on one left edge that clears the widest y labels. The panels
    share the height the measured labels leave in proportion to their height ratios (inches
    from style.HEIGHT), as constrained layout would. With `most` (inches), the chart is made
    that high (a printed report's room), unless its panels would keep less than
    `fit` (MIN_FIT_SHARE) of their height: then it is as high as that needs."""
    renderer = fig.canvas.get_renderer()
    head, key = _labelled(fig, HEADING), _labelled(fig, KEY)
    heights = (
        _height(head, renderer, style.HEADING_GAP),
        _height(key, renderer, style.KEY_GAP),
    )
    stack = _stack(fig, renderer, *heights, most, fit)
    if _upright(stack, renderer):
        stack = _stack(fig, renderer, *heights, most, fit)
    left = max(r.left for r in stack.reach) + style.PAD
    right = max(r.right for r in stack.reach) + style.PAD
    for _ in range(_SPILL_PASSES):  # a note in data coordinates moves as the axes narrow
        stack.place(fig, left, right)
        spill_left, spill_right = stack.spill(fig, renderer)
        if spill_left + spill_right < 0.5 / fig.dpi:
            break
        left, right = left + spill_left, right + spill_right
    width, height = fig.get_size_inches()
    _place(head, fig, (style.PAD / width, 1 - style.PAD / height))
    _place(key, fig, (style.PAD / width, style.PAD / height))
    return fig
