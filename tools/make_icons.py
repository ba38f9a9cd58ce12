"""Draw the web app's icons (tracker/static/icon-192.png, icon-512.png): run once, commit them.

A white capsule on the accent blue, kept inside the middle 80% so a launcher's round or
squircle mask ("maskable") never cuts it.

    .venv/bin/python tools/make_icons.py
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.transforms import Affine2D

ACCENT = "#24577a"  # --accent in app.css, and the manifest's theme colour
STATIC = Path(__file__).resolve().parent.parent / "tracker" / "static"


def draw(size: int) -> bytes:
    """The icon as PNG bytes, `size` pixels square."""
    fig = Figure(figsize=(1, 1), dpi=size)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    ax.add_patch(Rectangle((0, 0), 1, 1, color=ACCENT))
    turn = Affine2D().rotate_deg_around(0.5, 0.5, 45) + ax.transData
    w, h = 0.56, 0.22
    x, y = 0.5 - w / 2, 0.5 - h / 2
    style = f"round,pad=0,rounding_size={h / 2}"
    capsule = FancyBboxPatch((x, y), w, h, boxstyle=style, fc="#bcd3e3", ec="white", transform=turn)
    capsule.set_linewidth(size / 96)
    ax.add_patch(capsule)
    half = Rectangle((x, y), w / 2, h, color="white", transform=turn)
    half.set_clip_path(capsule)
    ax.add_patch(half)
    out = BytesIO()
    fig.savefig(out, format="png", dpi=size)
    return out.getvalue()


if __name__ == "__main__":
    for px in (192, 512):
        (STATIC / f"icon-{px}.png").write_bytes(draw(px))
