"""Charts of the main indicators as PNG images (matplotlib, Agg: no display needed).

The figure is built with matplotlib's object API rather than ``pyplot``, so nothing is kept
between charts and nothing depends on a global backend.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from tongket.papers.content import Chart
from tongket.papers.wording import figure

WIDTH_IN, HEIGHT_IN, DPI = 6.3, 2.5, 150
BAR = "#2f5d8a"
TARGET = "#c0392b"
# DejaVu Sans ships with matplotlib and has every Vietnamese letter.
FONT = {"family": "DejaVu Sans", "size": 8}


def chart_png(chart: Chart) -> bytes:
    """Bars of the yearly values with their labels; the targets as red marks."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    positions = list(range(len(chart.periods)))
    scale = chart.measure.scale
    heights = [(v / scale) if v is not None else 0 for v in chart.values]
    bars = ax.bar(positions, heights, width=0.55, color=BAR, label="Thực hiện")
    for bar, value in zip(bars, chart.values, strict=True):
        if value is not None:
            ax.annotate(
                figure(value, chart.measure),
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7,
                fontfamily=FONT["family"],
            )
    marks = [(p, t / scale) for p, t in zip(positions, chart.targets, strict=True) if t is not None]
    if marks:
        ax.scatter(
            [p for p, _ in marks],
            [t for _, t in marks],
            marker="_",
            s=700,
            linewidths=2,
            color=TARGET,
            label="Kế hoạch",
            zorder=3,
        )
    ax.set_xticks(
        positions, [f"Năm {p}" for p in chart.periods], fontsize=8, fontfamily=FONT["family"]
    )
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda y, _: figure(y * scale, chart.measure) if y else "0")
    )
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylabel(chart.measure.label, fontsize=8, fontfamily=FONT["family"])
    top = max([*heights, *(t for _, t in marks)], default=1) or 1
    ax.set_ylim(0, top * 1.18)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(
        loc="upper left", fontsize=7, frameon=False, prop={"family": FONT["family"], "size": 7}
    )
    fig.tight_layout(pad=0.4)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
